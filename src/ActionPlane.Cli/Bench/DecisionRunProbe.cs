using System.Diagnostics;
using ActionPlane.Engine.Telemetry;
using Marten;
using Npgsql;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// What one decision run cost, by phase: wall time of the run's spans (expiry, the account list, every account's
/// propose), SQL commands attributed to the phase whose span they ran under, and the rows and blocks PostgreSQL read
/// from the tenant's tables (its own statistics, so load on the machine does not move them).
/// </summary>
internal sealed class DecisionRunProbe : IDisposable
{
    public static readonly string[] Phases = ["expire", "accounts", "propose", "other"];
    private static readonly Dictionary<string, string> PhaseOfSpan = new(StringComparer.Ordinal)
    {
        ["actionplane.decision_run.expire"] = "expire",
        ["actionplane.decision_run.accounts"] = "accounts",
        ["actionplane.propose"] = "propose",
    };

    private readonly IDocumentStore _store;
    private readonly string _schema;
    private readonly ActivityListener _listener;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (double Ms, long Sql)> _phases = [];
    private Dictionary<string, TableReads> _start = [];

    private DecisionRunProbe(IDocumentStore store, string schema)
    {
        _store = store;
        _schema = schema;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or ActionPlaneTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = a =>
            {
                if (a.Source.Name == "Npgsql")
                    Add(PhaseOf(a), 0, 1);
            },
            ActivityStopped = a =>
            {
                if (a.Source.Name == ActionPlaneTelemetry.Name && PhaseOfSpan.TryGetValue(a.OperationName, out var phase))
                    Add(phase, a.Duration.TotalMilliseconds, 0);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts listening; call <see cref="StartAsync"/> before each run.</summary>
    public static DecisionRunProbe Listen(IDocumentStore store, string schema) => new(store, schema);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _start = await ReadsAsync(cancellationToken);
        lock (_gate)
            _phases.Clear();
    }

    /// <summary>The run's figures since <see cref="StartAsync"/>.</summary>
    public async Task<DecisionRunCost> StopAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, (double Ms, long Sql)> phases;
        lock (_gate)
            phases = new Dictionary<string, (double, long)>(_phases);
        var end = await ReadsAsync(cancellationToken);
        var tables = end.ToDictionary(t => t.Key, t => t.Value - _start.GetValueOrDefault(t.Key));
        return new DecisionRunCost(phases, tables.Values.Sum(t => t.Rows), tables.Values.Sum(t => t.Blocks)) { Tables = tables };
    }

    public void Dispose() => _listener.Dispose();

    private static string PhaseOf(Activity sql)
    {
        for (var a = sql.Parent; a is not null; a = a.Parent)
            if (PhaseOfSpan.TryGetValue(a.OperationName, out var phase))
                return phase;
        return "other";
    }

    private void Add(string phase, double ms, long sql)
    {
        lock (_gate)
        {
            var (m, s) = _phases.GetValueOrDefault(phase);
            _phases[phase] = (m + ms, s + sql);
        }
    }

    /// <summary>
    /// Rows (sequential and index fetches) and blocks (heap, index, TOAST) read from the schema's tables so far. A
    /// backend reports its statistics at exit, and when it goes idle at most once a second (a report it holds back is sent
    /// within 10 s): the probe clears the pool and waits for those backends to exit or for that timer, so the figures
    /// are complete. The probe's own query reads only catalogs.
    /// </summary>
    private static async Task<HashSet<int>> OtherBackendsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'";
        var pids = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            pids.Add(reader.GetInt32(0));
        return pids;
    }

    private async Task<Dictionary<string, TableReads>> ReadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var pooled = await OtherBackendsAsync(connection, cancellationToken);
        NpgsqlConnection.ClearPool(connection);
        // Wait until those backends have exited (and so reported), at most 10 s: PostgreSQL's idle-report timer
        // (PGSTAT_IDLE_INTERVAL), so a backend the clear leaves open has reported by then too. Slow (a probe can take
        // the whole 10 s) but complete; a fixed 500 ms pause left a phase's reads to the next one under CI load.
        for (var waited = 0; waited < 10_000 && (await OtherBackendsAsync(connection, cancellationToken)).Overlaps(pooled); waited += 50)
            await Task.Delay(50, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            select t.relname::text, (coalesce(t.seq_tup_read, 0) + coalesce(t.idx_tup_fetch, 0))::bigint,
                   (coalesce(s.heap_blks_read, 0) + coalesce(s.heap_blks_hit, 0) + coalesce(s.idx_blks_read, 0) + coalesce(s.idx_blks_hit, 0)
                       + coalesce(s.toast_blks_read, 0) + coalesce(s.toast_blks_hit, 0) + coalesce(s.tidx_blks_read, 0) + coalesce(s.tidx_blks_hit, 0))::bigint
            from pg_stat_user_tables t join pg_statio_user_tables s using (relid)
            where t.schemaname = @schema
            """;
        command.Parameters.AddWithValue("schema", _schema);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reads = new Dictionary<string, TableReads>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            reads[reader.GetString(0)] = new TableReads(reader.GetInt64(1), reader.GetInt64(2));
        await reader.DisposeAsync();
        await connection.CloseAsync();
        NpgsqlConnection.ClearPool(connection);
        return reads;
    }
}

/// <summary>Rows (sequential and index fetches) and blocks read from one table.</summary>
internal readonly record struct TableReads(long Rows, long Blocks)
{
    public static TableReads operator -(TableReads a, TableReads b) => new(a.Rows - b.Rows, a.Blocks - b.Blocks);
}

/// <summary>One run's cost: per phase (expire, accounts, propose, other) time in ms and SQL commands; rows and blocks read.</summary>
internal sealed record DecisionRunCost(IReadOnlyDictionary<string, (double Ms, long Sql)> Phases, long RowsRead, long BlocksRead)
{
    public long Sql => Phases.Values.Sum(p => p.Sql);

    /// <summary>What was read, table by table (to see which table a growing figure comes from).</summary>
    public IReadOnlyDictionary<string, TableReads> Tables { get; init; } = new Dictionary<string, TableReads>();

    public (double Ms, long Sql) Phase(string name) => Phases.GetValueOrDefault(name);
}
