using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Storage;
using Marten;
using Npgsql;

namespace ActionPlane.Engine.Governance;

/// <summary>
/// Computes the <see cref="ParityReport"/>: one aggregate query per account over the decision
/// records proposed in the window (so it scales with accounts, not decisions), then the groups
/// and ratios in memory.
/// </summary>
public sealed class ParityAnalyzer(IDocumentStore store)
{
    /// <summary>The four-fifths rule: a group getting less than 80 % of the best-served group's rate is flagged.</summary>
    public const double DefaultThreshold = 0.8;
    public const int DefaultMinAccounts = 5;

    public static IReadOnlyList<string> Dimensions { get; } = ["plan", "region", "arr_band"];

    /// <summary>The ARR band of an account (MRR × 12), in the tenant's currency.</summary>
    public static string ArrBand(decimal mrr) => (mrr * 12) switch
    {
        < 10_000 => "<10k",
        < 50_000 => "10k–50k",
        < 250_000 => "50k–250k",
        _ => "250k+",
    };

    public async Task<ParityReport> AnalyzeAsync(DateTimeOffset from, DateTimeOffset to, double threshold = DefaultThreshold, int minAccounts = DefaultMinAccounts,
        CancellationToken cancellationToken = default)
    {
        if (to <= from)
            throw new LifecycleException(LifecycleErrorKind.Invalid, "to: must be after from.");
        if (threshold is <= 0 or > 1)
            throw new LifecycleException(LifecycleErrorKind.Invalid, "threshold: must be above 0 and at most 1.");

        await using var session = store.QuerySession();
        // The raw queries below need the tables even on a tenant that has none of these documents yet.
        await session.Database.EnsureStorageExistsAsync(typeof(DecisionRecord), cancellationToken);
        await session.Database.EnsureStorageExistsAsync(typeof(EndUser), cancellationToken);
        var accounts = await session.Query<Account>().ToListAsync(cancellationToken);
        var users = await CountByAccountAsync(session, typeof(EndUser), cancellationToken);
        var usage = await UsageByAccountAsync(session, from, to, cancellationToken);

        IReadOnlyList<ParityDimension> dimensions =
        [
            Dimension("plan", accounts, a => a.Plan, users, usage, threshold, minAccounts),
            Dimension("region", accounts, a => a.Region, users, usage, threshold, minAccounts),
            Dimension("arr_band", accounts, a => ArrBand(a.Mrr), users, usage, threshold, minAccounts),
        ];
        return new ParityReport(from, to, threshold, minAccounts, dimensions);
    }

    private static ParityDimension Dimension(string name, IReadOnlyList<Account> accounts, Func<Account, string> key,
        Dictionary<string, int> users, Dictionary<string, AccountUsage> usage, double threshold, int minAccounts)
    {
        var groups = accounts.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var used = g.Select(a => usage.GetValueOrDefault(a.Id)).Where(u => u is not null).Select(u => u!).ToList();
            return new ParityGroup(g.Key, g.Count(), g.Sum(a => users.GetValueOrDefault(a.Id)),
                used.Count(u => u.Reached > 0), used.Sum(u => u.UsersReached), used.Sum(u => u.Applied), used.Sum(u => u.Discounts), used.Sum(u => u.Retained));
        }).ToList();

        var bestExposure = groups.Max(g => (double?)g.AccountExposure) ?? 0;
        var bestBenefit = groups.Max(g => (double?)g.BenefitPerAccount) ?? 0;
        return new ParityDimension(name, [.. groups.Select(g =>
        {
            var exposure = bestExposure > 0 ? g.AccountExposure / bestExposure : (double?)null;
            var benefit = bestBenefit > 0 ? g.BenefitPerAccount / bestBenefit : (double?)null;
            var tooFew = g.Accounts < minAccounts;
            return g with { ExposureRatio = exposure, BenefitRatio = benefit, TooFew = tooFew, Flagged = !tooFew && (exposure < threshold || benefit < threshold) };
        })]);
    }

    private sealed record AccountUsage(int Reached, int UsersReached, int Applied, int Discounts, int Retained);

    private static async Task<Dictionary<string, AccountUsage>> UsageByAccountAsync(IQuerySession session, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var tableName = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(DecisionRecord)).TableName;
        var table = tableName.QualifiedName;
        // The window through the records' ProposedAt index, not a scan of every record.
        var proposedAt = ActionPlaneStore.ProposedAtSql(tableName, "d");
        // Reached: applied at all (the account did receive it). Benefit: applied and still in effect.
        var sql = $"""
            select data ->> 'AccountId',
                   (count(*) filter (where data ->> 'AppliedAt' is not null))::int,
                   (count(distinct data ->> 'UserId') filter (where data ->> 'AppliedAt' is not null and data ->> 'UserId' is not null))::int,
                   (count(*) filter (where data ->> 'AppliedAt' is not null and data ->> 'UndoneAt' is null))::int,
                   (count(*) filter (where data ->> 'AppliedAt' is not null and data ->> 'UndoneAt' is null and data ->> 'ActionType' = 'offer_discount'))::int,
                   (count(*) filter (where data ->> 'Outcome' = any(@retained)))::int
            from {table} d
            where {proposedAt} >= @from and {proposedAt} < @to
            group by 1
            """;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.AddWithValue("retained", new[] { OutcomeKinds.Retained, "renewed" });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var usage = new Dictionary<string, AccountUsage>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            usage[reader.GetString(0)] = new AccountUsage(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
        return usage;
    }

    private static async Task<Dictionary<string, int>> CountByAccountAsync(IQuerySession session, Type document, CancellationToken cancellationToken)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(document).TableName.QualifiedName;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select data ->> 'AccountId', count(*)::int from {table} group by 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            if (!reader.IsDBNull(0))
                counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }
}
