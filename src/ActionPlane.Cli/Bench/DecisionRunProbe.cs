using System.Diagnostics;
using ActionPlane.Engine.Telemetry;
using Npgsql;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// What one decision run cost, by phase: wall time of the run's spans (expiry, the account list, every account's
/// propose), SQL commands attributed to the phase whose span they ran under, and what the database's statements did
/// meanwhile: PostgreSQL's own per-statement counters (pg_stat_statements), so load on the machine moves only the times.
/// </summary>
/// <remarks>
/// pg_stat_statements adds a statement's calls, rows, buffers and time to shared memory when the statement ends, so a
/// snapshot taken once the run has returned is complete at once. The per-table views (pg_stat_user_tables) are not: a
/// backend in PostgreSQL 15 reports them only when it idles, up to 10 s later, and pg_stat_force_next_flush() only
/// hurries the calling backend, not the pooled ones that ran the work. The server must preload the module (the private
/// clusters of <see cref="Engine.Storage.PostgresLauncher"/> do).
/// </remarks>
internal sealed class DecisionRunProbe : IDisposable
{
    public static readonly string[] Phases = ["expire", "accounts", "propose", "other"];
    private static readonly Dictionary<string, string> PhaseOfSpan = new(StringComparer.Ordinal)
    {
        ["actionplane.decision_run.expire"] = "expire",
        ["actionplane.decision_run.accounts"] = "accounts",
        ["actionplane.propose"] = "propose",
    };

    private readonly string _connectionString;
    private readonly ActivityListener _listener;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (double Ms, long Sql)> _phases = [];
    private Snapshot _start = new(0, []);

    private DecisionRunProbe(string connectionString)
    {
        _connectionString = connectionString;
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

    /// <summary>
    /// Null when the database can serve the probe (it creates the extension if missing), else why not, in PostgreSQL's
    /// words (typically: the server does not preload the module).
    /// </summary>
    public static async Task<string?> UnavailableAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("create extension if not exists pg_stat_statements; select count(*) from pg_stat_statements", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e)
        {
            return $"the probe reads pg_stat_statements, which this database cannot serve: {e.MessageText} " +
                   "(the server needs shared_preload_libraries = 'pg_stat_statements' and a restart; the extension is created if missing)";
        }
    }

    /// <summary>Starts listening; call <see cref="StartAsync"/> before each run.</summary>
    public static DecisionRunProbe Listen(string connectionString) => new(connectionString);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _start = await SnapshotAsync(cancellationToken);
        lock (_gate)
            _phases.Clear();
    }

    /// <summary>The run's figures since <see cref="StartAsync"/>.</summary>
    public async Task<DecisionRunCost> StopAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, (double Ms, long Sql)> phases;
        lock (_gate)
            phases = new Dictionary<string, (double, long)>(_phases);
        var end = await SnapshotAsync(cancellationToken);
        // An entry evicted and re-added in between would count from zero again: the figures would be short, not exact.
        if (end.Evictions != _start.Evictions)
            throw new InvalidOperationException("pg_stat_statements evicted statements during the probe (raise pg_stat_statements.max): its figures would be incomplete.");
        var statements = end.Statements
            .Select(s => new StatementCost(s.Value.Query, s.Value.Reads - (_start.Statements.TryGetValue(s.Key, out var before) ? before.Reads : default)))
            .Where(s => s.Reads.Calls > 0)
            .ToArray();
        return new DecisionRunCost(phases, statements);
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
    /// Every top-level statement of this database so far (nested ones, such as those of Marten's upsert functions, are
    /// inside their caller's figures), by query id, except the probe's own, which name the view.
    /// </summary>
    private async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select s.queryid, sum(s.calls)::bigint, sum(s.rows)::bigint, sum(s.shared_blks_hit + s.shared_blks_read)::bigint,
                   sum(s.total_exec_time), min(s.query), (select dealloc from pg_stat_statements_info)
            from pg_stat_statements s
            where s.dbid = (select oid from pg_database where datname = current_database()) and s.toplevel
              and s.query not like '%pg_stat_statements%'
            group by s.queryid
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var statements = new Dictionary<long, StatementCost>();
        var evictions = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            statements[reader.GetInt64(0)] = new StatementCost(reader.GetString(5), new StatementReads(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4)));
            evictions = reader.GetInt64(6);
        }
        return new Snapshot(evictions, statements);
    }

    /// <summary>The counters at one moment, and how many entries pg_stat_statements had evicted by then.</summary>
    private sealed record Snapshot(long Evictions, Dictionary<long, StatementCost> Statements);
}

/// <summary>
/// What statements did (pg_stat_statements): calls; rows they returned or wrote (not rows scanned); shared buffer pages
/// they touched, hits and reads, of every relation, index, TOAST table and catalog (execution, not planning); execution
/// time in the server.
/// </summary>
internal readonly record struct StatementReads(long Calls, long Rows, long Blocks, double Ms)
{
    public static StatementReads operator -(StatementReads a, StatementReads b) => new(a.Calls - b.Calls, a.Rows - b.Rows, a.Blocks - b.Blocks, a.Ms - b.Ms);
    public static StatementReads operator +(StatementReads a, StatementReads b) => new(a.Calls + b.Calls, a.Rows + b.Rows, a.Blocks + b.Blocks, a.Ms + b.Ms);
}

/// <summary>One statement's share of a run: its (normalised) text and what it did.</summary>
internal sealed record StatementCost(string Query, StatementReads Reads);

/// <summary>One run's cost: per phase (expire, accounts, propose, other) time in ms and SQL commands; what its statements did.</summary>
internal sealed record DecisionRunCost(IReadOnlyDictionary<string, (double Ms, long Sql)> Phases, IReadOnlyList<StatementCost> Statements)
{
    public long Sql => Phases.Values.Sum(p => p.Sql);

    /// <summary>All statements together.</summary>
    public StatementReads Reads => Statements.Aggregate(default(StatementReads), (sum, s) => sum + s.Reads);

    public (double Ms, long Sql) Phase(string name) => Phases.GetValueOrDefault(name);
}
