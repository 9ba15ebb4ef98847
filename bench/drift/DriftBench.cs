using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActionPlane.Bench.Propose;
using ActionPlane.Engine;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;
using Marten.Linq;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Bench.Drift;

/// <summary>
/// <c>dotnet run -c Release --project bench/drift -- [--accounts 300] [--weeks 6] [--repeat 5]</c>: starts a private
/// PostgreSQL cluster, seeds the demo tenant (300 accounts is the Web demo's size), proposes for a
/// different slice of accounts each week through the real engine, moves past every horizon and records
/// the outcomes, then times <see cref="DriftAnalyzer.AnalyzeAsync"/> of the churn champion and counts its
/// SQL commands and allocations. Prints JSON. <c>--explain 1</c> also prints to stderr
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> of the analysis's two event-log queries, run against the bench's cluster, and
/// reports the pages each query touched and its execution time. <c>--without-index 1</c> times each analysis again with the index on
/// ModelVersion dropped (interleaved), <c>2</c> with the outcomes' indexes dropped, <c>3</c> with all of them. <c>--versions N</c> relabels all but one in N of the proposals to older
/// versions first, as a log looks after N − 1 retrains.
/// </summary>
public static partial class DriftBench
{
    public static async Task<int> Main(string[] args)
    {
        int accounts = 300, weeks = 6, repeat = 5, explain = 0, versions = 1, withoutIndexToo = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            _ = args[i] switch
            {
                "--accounts" => accounts = value,
                "--weeks" => weeks = value,
                "--repeat" => repeat = value,
                "--explain" => explain = value,
                "--versions" => versions = value,
                "--without-index" => withoutIndexToo = value,
                _ => throw new ArgumentException($"{args[i]}: unknown option; use --accounts, --weeks, --repeat, --explain, --versions, --without-index."),
            };
        }

        // A Monday, so week w of proposals is ISO week w after it.
        await using var tenant = await BenchTenant.SeedDemoAsync("drift", new DateTimeOffset(2026, 9, 7, 9, 0, 0, TimeSpan.Zero), accounts);
        var (postgres, services, store, clock, options) = (tenant.Postgres, tenant.Services, tenant.Store, tenant.Clock, tenant.Options);

        List<string> ids;
        await using (var session = store.QuerySession())
            ids = [.. await session.Query<Account>().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync()];
        var engine = services.GetRequiredService<NextBestActionEngine>();
        var csm = new Actor("csm@demo.local", ["csm"]);
        var start = clock.GetUtcNow();
        var proposals = 0;
        for (var w = 0; w < weeks; w++)
        {
            clock.Now = start.AddDays(7 * w);
            foreach (var id in ids.Where((_, i) => i % weeks == w))
                proposals += (await engine.ProposeAsync(id, csm)).Proposals.Count;
            Console.Error.WriteLine($"bench: week {w + 1}/{weeks}, {proposals} proposals so far");
        }
        clock.Now = start.AddDays(7 * weeks + 91);
        var observed = await new OutcomeObserver(store, clock).ObserveDueAsync();

        var champion = (await new ModelRegistry(store).LoadChampionAsync(ChurnModelCard.Kind))!;
        if (versions > 1)
            await RelabelAsync(postgres.ConnectionString, options.SchemaName, champion.Version, versions);
        var analyzer = new DriftAnalyzer(store, clock);
        // The first analysis also creates the index on ModelVersion (Marten creates schema objects on first use).
        var report = (await analyzer.AnalyzeAsync(champion.Version))!;
        var withIndex = new Samples();
        var withoutIndex = new Samples();
        var indexes = ActionPlaneStore.EventIndexes(options.SchemaName);
        // 1: the proposals' index (session 11); 2: the outcomes' (session 12); 3: all.
        var dropped = indexes.Where(i => (withoutIndexToo & (i.Name == ActionPlaneStore.ProposalModelVersionIndex ? 1 : 2)) != 0).ToList();
        var drop = string.Concat(dropped.Select(i => Sql(w => i.WriteDropStatement(null!, w))));
        var create = string.Concat(dropped.Select(i => Sql(w => i.WriteCreateStatement(null!, w)))) + $" ANALYZE {options.SchemaName}.mt_events;";
        for (var r = 0; r < repeat; r++)
        {
            await withIndex.TimeAsync(() => analyzer.AnalyzeAsync(champion.Version));
            if (dropped.Count == 0)
                continue;
            // Interleaved, so both variants see the same load on a shared machine.
            await SqlAsync(postgres.ConnectionString, drop);
            await withoutIndex.TimeAsync(() => analyzer.AnalyzeAsync(champion.Version));
            await SqlAsync(postgres.ConnectionString, create);
        }
        var indexBytes = new Dictionary<string, long>();
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var index in indexes)
            {
                await using var size = new NpgsqlCommand($"select pg_relation_size('{options.SchemaName}.{index.Name}')", connection);
                indexBytes[index.Name] = (long)(await size.ExecuteScalarAsync())!;
            }
        }
        var buffersWith = explain != 0 ? await ExplainAsync(store, postgres.ConnectionString, champion.Version) : null;
        Dictionary<string, QueryCost>? buffersWithout = null;
        if (explain != 0 && dropped.Count > 0)
        {
            await SqlAsync(postgres.ConnectionString, drop);
            buffersWithout = await ExplainAsync(store, postgres.ConnectionString, champion.Version);
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            accounts, weeks, versions, proposals, outcomesObserved = observed,
            labelled = report.RecentCalibration?.Count ?? 0,
            weekly = report.Weekly.Select(w => new { w.Week, w.Labelled, w.Churners, w.RocAuc, w.Ece }),
            report.RecentAuc, report.AucDrop,
            medianMs = withIndex.Median, minMs = withIndex.Min,
            sqlCommandsPerAnalyze = withIndex.Commands, allocatedMbPerAnalyze = withIndex.AllocatedMb,
            explained = buffersWith,
            indexBytes,
            withoutIndex = dropped.Count == 0 ? null : new
            {
                medianMs = withoutIndex.Median, minMs = withoutIndex.Min,
                dropped = dropped.Select(i => i.Name),
                sqlCommandsPerAnalyze = withoutIndex.Commands, allocatedMbPerAnalyze = withoutIndex.AllocatedMb,
                explained = buffersWithout,
            },
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>
    /// The plans of <see cref="DriftAnalyzer"/>'s event-log queries, with the same parameters it sends, and per query the
    /// pages its top node touched (TOAST included) and its execution time.
    /// </summary>
    private static async Task<Dictionary<string, QueryCost>?> ExplainAsync(IDocumentStore store, string connectionString, string version)
    {
        await using var session = store.QuerySession();
        var ids = (await DriftAnalyzer.ProposedScores(session, version).ToListAsync()).Select(p => p.ProposalId).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var costs = new Dictionary<string, QueryCost>();
        foreach (var (name, command) in new[]
        {
            ("proposedScores", DriftAnalyzer.ProposedScores(session, version).ToCommand(FetchType.FetchMany)),
            ("outcomes", DriftAnalyzer.OutcomesOf(session, ids).ToCommand(FetchType.FetchMany)),
        })
        {
            await using var explain = command;
            Console.Error.WriteLine($"explain: {name}: {explain.CommandText}");
            explain.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + explain.CommandText;
            explain.Connection = connection;
            await using var reader = await explain.ExecuteReaderAsync();
            long? buffers = null;
            double? ms = null;
            while (await reader.ReadAsync())
            {
                var line = reader.GetString(0);
                Console.Error.WriteLine("explain:   " + IdList().Replace(line, m => $"'{{{m.Value.Count(c => c == ',') + 1} ids}}'"));
                // The first Buffers line is the top node's: every page the query touched, TOAST included.
                if (buffers is null && Buffers().Match(line) is { Success: true } b)
                    buffers = b.Groups.Values.Skip(1).Where(g => g.Success).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
                if (ExecutionTime().Match(line) is { Success: true } t)
                    ms = double.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            costs[name] = new QueryCost(buffers, ms);
        }
        return costs;
    }

    private sealed record QueryCost(long? Pages, double? ExecutionMs);

    [GeneratedRegex(@"^Execution Time: ([0-9.]+) ms")]
    private static partial Regex ExecutionTime();

    [GeneratedRegex(@"^\s*Buffers: shared hit=(\d+)(?: read=(\d+))?")]
    private static partial Regex Buffers();

    /// <summary>
    /// A log that holds <paramref name="versions"/> churn versions' proposals, as after retrains: all but one in
    /// <paramref name="versions"/> of the analysed version's proposals are relabelled to older versions.
    /// </summary>
    private static Task RelabelAsync(string connectionString, string schema, string version, int versions) => SqlAsync(connectionString,
        $"UPDATE {schema}.mt_events SET data = jsonb_set(data, '{{ModelVersion}}', to_jsonb('{version}-older-' || (seq_id % {versions}))) " +
        $"WHERE type = 'action_proposed' AND data ->> 'ModelVersion' = '{version}' AND seq_id % {versions} <> 0; VACUUM ANALYZE {schema}.mt_events;");

    private static string Sql(Action<TextWriter> write)
    {
        using var writer = new StringWriter();
        write(writer);
        return writer.ToString();
    }

    private static async Task SqlAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Timings, SQL commands and allocations of repeated analyses.</summary>
    private sealed class Samples
    {
        private readonly List<double> _ms = [];
        private long _commands, _allocated;

        public async Task TimeAsync(Func<Task> analyze)
        {
            using var sql = new SqlCommandCounter();
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            var timer = Stopwatch.StartNew();
            await analyze();
            _ms.Add(timer.Elapsed.TotalMilliseconds);
            _allocated += GC.GetTotalAllocatedBytes(precise: true) - bytes;
            _commands += sql.Count;
        }

        public double Median => Math.Round(_ms.Order().ElementAt(_ms.Count / 2), 1);

        public double Min => Math.Round(_ms.Min(), 1);

        public double Commands => _commands / (double)_ms.Count;

        public double AllocatedMb => Math.Round(_allocated / (double)_ms.Count / 1_048_576, 1);
    }

    /// <summary>The outcomes query's array of proposal ids, shortened to its count in the printed plan.</summary>
    [GeneratedRegex(@"'\{[0-9a-f,-]{100,}\}'")]
    private static partial Regex IdList();
}
