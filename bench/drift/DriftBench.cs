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
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> of the analysis's two event-log queries, run against the bench's cluster.
/// </summary>
public static partial class DriftBench
{
    public static async Task<int> Main(string[] args)
    {
        int accounts = 300, weeks = 6, repeat = 5, explain = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            _ = args[i] switch
            {
                "--accounts" => accounts = value,
                "--weeks" => weeks = value,
                "--repeat" => repeat = value,
                "--explain" => explain = value,
                _ => throw new ArgumentException($"{args[i]}: unknown option; use --accounts, --weeks, --repeat, --explain."),
            };
        }

        var folder = Path.Combine(Path.GetTempPath(), "ap-drift-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var postgres = await PostgresLauncher.StartAsync(new PostgresLauncherOptions { DataDirectory = Path.Combine(folder, "postgres"), Durable = false });
            // A Monday, so week w of proposals is ISO week w after it.
            var clock = new Clock(new DateTimeOffset(2026, 9, 7, 9, 0, 0, TimeSpan.Zero));
            var options = new ActionPlaneEngineOptions
            {
                ConnectionString = postgres.ConnectionString,
                RollbackTokenKey = "bench-only-key-0123456789abcdefghijklmnopqrstuvwxyz",
                PoliciesDirectory = Path.Combine(RepositoryRoot(), "policies"),
                TimeProvider = clock,
            };
            await using var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
            var store = services.GetRequiredService<IDocumentStore>();
            await new DemoTenantSeeder(clock).SeedAsync(store, new DemoSeedOptions { Accounts = accounts, AsOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) },
                m => Console.Error.WriteLine($"seed: {m}"));

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
            var analyzer = new DriftAnalyzer(store, clock);
            var report = (await analyzer.AnalyzeAsync(champion.Version))!;
            var samples = new double[repeat];
            long commands = 0, allocated = 0;
            for (var r = 0; r < repeat; r++)
            {
                using var sql = new SqlCommandCounter();
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var timer = Stopwatch.StartNew();
                await analyzer.AnalyzeAsync(champion.Version);
                samples[r] = timer.Elapsed.TotalMilliseconds;
                allocated += GC.GetTotalAllocatedBytes(precise: true) - bytes;
                commands += sql.Count;
            }
            Array.Sort(samples);
            if (explain != 0)
                await ExplainAsync(store, postgres.ConnectionString, champion.Version);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                accounts, weeks, proposals, outcomesObserved = observed,
                labelled = report.RecentCalibration?.Count ?? 0,
                weekly = report.Weekly.Select(w => new { w.Week, w.Labelled, w.Churners, w.RocAuc, w.Ece }),
                report.RecentAuc, report.AucDrop,
                medianMs = Math.Round(samples[repeat / 2], 1), minMs = Math.Round(samples[0], 1),
                sqlCommandsPerAnalyze = commands / (double)repeat,
                allocatedMbPerAnalyze = Math.Round(allocated / (double)repeat / 1_048_576, 1),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The cluster may still hold a file for a moment; the temp folder is the OS's to clean.
            }
        }
    }

    /// <summary>The plans of <see cref="DriftAnalyzer"/>'s event-log queries, with the same parameters it sends.</summary>
    private static async Task ExplainAsync(IDocumentStore store, string connectionString, string version)
    {
        await using var session = store.QuerySession();
        var ids = (await DriftAnalyzer.ProposedScores(session, version).ToListAsync()).Select(p => p.ProposalId).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (name, command) in new[]
        {
            ("proposed scores", DriftAnalyzer.ProposedScores(session, version).ToCommand(FetchType.FetchMany)),
            ("outcomes", DriftAnalyzer.OutcomesOf(session, ids).ToCommand(FetchType.FetchMany)),
        })
        {
            await using var explain = command;
            Console.Error.WriteLine($"explain: {name}: {explain.CommandText}");
            explain.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + explain.CommandText;
            explain.Connection = connection;
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                Console.Error.WriteLine("explain:   " + IdList().Replace(reader.GetString(0), m => $"'{{{m.Value.Count(c => c == ',') + 1} ids}}'"));
        }
    }

    /// <summary>The outcomes query's array of proposal ids, shortened to its count in the printed plan.</summary>
    [GeneratedRegex(@"'\{[0-9a-f,-]{100,}\}'")]
    private static partial Regex IdList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "policies")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                return dir.FullName;
        throw new DirectoryNotFoundException("No repository root with policies/ above " + AppContext.BaseDirectory);
    }

    /// <summary>The bench's clock: weeks of proposals pass in seconds.</summary>
    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
