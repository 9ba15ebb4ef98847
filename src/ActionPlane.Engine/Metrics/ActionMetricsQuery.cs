using System.Globalization;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using Marten;
using Npgsql;

namespace ActionPlane.Engine.Metrics;

/// <summary>
/// Action metrics computed from the <see cref="DecisionRecord"/> documents, by proposal cohort: a
/// proposal counts in the period it was proposed in, so its apply, undo and outcome land in the
/// same row and the rates compare like with like. One aggregate query in PostgreSQL serves both the
/// window the autonomy rule reads and the weekly series the governance charts draw.
/// </summary>
public sealed class ActionMetricsQuery(IDocumentStore store)
{
    public async Task<IReadOnlyList<ActionMetrics>> QueryAsync(
        DateTimeOffset from, DateTimeOffset to, MetricsGrouping grouping, string? actionType = null, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await QueryAsync(session, from, to, grouping, actionType, cancellationToken);
    }

    /// <summary>The same query on a session the caller already holds (the policy input builder's).</summary>
    public static Task<IReadOnlyList<ActionMetrics>> QueryAsync(
        IQuerySession session, DateTimeOffset from, DateTimeOffset to, MetricsGrouping grouping, string? actionType, CancellationToken cancellationToken) =>
        QueryAsync(session, from, to, grouping, actionType, attemptedOnly: false, cancellationToken);

    /// <summary>
    /// The autonomy rule's evidence per action type over the window: only <see cref="ActionMetrics.Applied"/>,
    /// <see cref="ActionMetrics.Undone"/>, <see cref="ActionMetrics.ApplyFailures"/> (and the rates and cost from them)
    /// are whole; the other counts see only the records an apply was tried on. Read through a partial index of those
    /// records, so its cost follows what was applied, not what was proposed.
    /// </summary>
    public static Task<IReadOnlyList<ActionMetrics>> AttemptedAsync(
        IQuerySession session, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        QueryAsync(session, from, to, MetricsGrouping.Window, null, attemptedOnly: true, cancellationToken);

    private static async Task<IReadOnlyList<ActionMetrics>> QueryAsync(
        IQuerySession session, DateTimeOffset from, DateTimeOffset to, MetricsGrouping grouping, string? actionType, bool attemptedOnly,
        CancellationToken cancellationToken)
    {
        await using var command = Command(session, from, to, grouping, actionType, attemptedOnly);
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        command.Connection = connection;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var rows = new List<ActionMetrics>();
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset periodFrom = from, periodTo = to;
            string? week = null;
            if (!reader.IsDBNull(1))
            {
                periodFrom = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
                periodTo = periodFrom.AddDays(7);
                week = IsoWeek(periodFrom);
            }
            rows.Add(new ActionMetrics
            {
                ActionType = reader.GetString(0),
                Week = week,
                From = periodFrom,
                To = periodTo,
                Proposed = reader.GetInt32(2),
                Allowed = reader.GetInt32(3),
                Denied = reader.GetInt32(4),
                Applied = reader.GetInt32(5),
                Undone = reader.GetInt32(6),
                ApplyFailures = reader.GetInt32(7),
                Approvals = reader.GetInt32(8),
                Cost = reader.GetDecimal(9),
                SuccessfulOutcomes = reader.GetInt32(10),
            });
        }
        return rows;
    }

    /// <summary>The query's command (no connection): the window's records by the ProposedAt index, aggregated per type (and week).</summary>
    internal static NpgsqlCommand Command(
        IQuerySession session, DateTimeOffset from, DateTimeOffset to, MetricsGrouping grouping, string? actionType, bool attemptedOnly = false)
    {
        if (to <= from)
            throw new ArgumentException($"to ({to:u}) must be after from ({from:u}).", nameof(to));
        var tableName = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(DecisionRecord)).TableName;
        var table = tableName.QualifiedName;
        // Marten's immutable cast, the expression of the records' ProposedAt index: the window is read through the index
        // instead of a scan that detoasts every record the tenant ever had (every few seconds while proposes run, as
        // the gate's metrics cache refreshes).
        var proposedAt = ActionPlaneStore.ProposedAtSql(tableName, "d");
        var bucket = grouping == MetricsGrouping.Week ? "date_trunc('week', proposed_at at time zone 'UTC')" : "null::timestamp";
        var sql = $"""
            with r as (
              select d.data as data, {proposedAt} as proposed_at
              from {table} d
              where {proposedAt} >= @from and {proposedAt} < @to
                and (@type::text is null or d.data ->> 'ActionType' = @type::text){(attemptedOnly ? $" and ({ActionPlaneStore.AttemptedPredicate})" : "")})
            select data ->> 'ActionType',
                   {bucket} as bucket,
                   count(*)::int,
                   (count(*) filter (where (data ->> 'Allowed')::boolean))::int,
                   (count(*) filter (where not (data ->> 'Allowed')::boolean and data ->> 'Status' <> 'Proposed'))::int,
                   (count(*) filter (where data ->> 'AppliedAt' is not null))::int,
                   (count(*) filter (where data ->> 'AppliedAt' is not null and data ->> 'UndoneAt' is not null))::int,
                   coalesce(sum(coalesce((data ->> 'ApplyFailures')::int, 0)), 0)::int,
                   (count(*) filter (where data ->> 'ApprovedAt' is not null))::int,
                   coalesce(sum(coalesce((data ->> 'Cost')::numeric, 0)) filter (where data ->> 'AppliedAt' is not null and data ->> 'UndoneAt' is null), 0),
                   (count(*) filter (where data ->> 'AppliedAt' is not null and coalesce((data ->> 'OutcomeSuccessful')::boolean, false)))::int
            from r
            group by 1, 2
            order by 1, 2
            """;

        var command = new NpgsqlCommand(sql);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("type", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)actionType ?? DBNull.Value });
        return command;
    }

    /// <summary>The ISO-8601 week of a moment, e.g. <c>2026-W48</c>.</summary>
    public static string IsoWeek(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }
}
