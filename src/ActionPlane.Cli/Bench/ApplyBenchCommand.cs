using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Engine;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Engine.Storage;
using Marten;
using Weasel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// <c>actionplane bench apply [--accounts 2000] [--count 300]</c>: latency of one CSM step — simulate,
/// apply and record the outcome of a proposal — through the real Engine services on a real
/// PostgreSQL (a private throwaway cluster unless <c>--connection</c> is given), on a generated tenant.
/// </summary>
internal static class ApplyBenchCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the generated tenant", DefaultValueFactory = _ => 2000 };
        var count = new Option<int>("--count") { Description = "Timed simulate+apply+record steps (one proposal each)", DefaultValueFactory = _ => 300 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first (JIT, connection pool)", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 7 };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (default: a private throwaway cluster)" };
        var format = new Option<string>("--format", "-f") { Description = "pretty or json", DefaultValueFactory = _ => "pretty" };
        var command = new Command("apply", "Latency of simulate + apply + record on a generated tenant");
        foreach (var o in new Option[] { accounts, count, warmup, seed, connection, format })
            command.Options.Add(o);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(accounts), parse.GetValue(count), parse.GetValue(warmup), parse.GetValue(seed),
            parse.GetValue(connection), parse.GetValue(format)!, Console.Out, Console.Error, ct));
        return command;
    }

    internal static async Task<int> RunAsync(int accounts, int count, int warmup, int seed, string? connection, string format,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (accounts is < 10 or > 200_000) { await error.WriteLineAsync("--accounts: 10 to 200000."); return 2; }
        if (count < 1 || warmup < 0 || count + warmup > accounts) { await error.WriteLineAsync($"--count/--warmup: at least 1 timed step, and count + warmup ≤ --accounts ({accounts})."); return 2; }
        if (format is not ("pretty" or "json")) { await error.WriteLineAsync($"--format: pretty or json, got '{format}'."); return 2; }

        await using var database = await BenchDatabase.OpenAsync(connection, "bench-apply", cancellationToken);
        connection = database.ConnectionString;
        // A fixed Monday 10:00 UTC, so windows and business hours do not depend on when the bench runs.
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var options = new ActionPlaneEngineOptions
        {
            ConnectionString = connection, SchemaName = "bench_apply", TimeProvider = clock, WatchPolicies = false,
            RollbackTokenKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        };
        await using var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.CompletelyRemoveAllAsync(cancellationToken);

        var setup = Stopwatch.StartNew();
        var tenant = new TenantGenerator(seed).Generate(accounts, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        // Renewals pushed out of the quiet window so every outreach is allowed; the tenant is otherwise as generated.
        var accountDocs = tenant.Accounts.Select(a => a with { RenewalDate = new DateOnly(2027, 9, 1), FrozenUntil = null }).ToList();
        await store.BulkInsertAsync(accountDocs, BulkInsertMode.OverwriteExisting, 1000, cancellationToken);
        await store.BulkInsertAsync(tenant.EndUsers.ToList(), BulkInsertMode.OverwriteExisting, 1000, cancellationToken);
        var engine = services.GetRequiredService<NextBestActionEngine>();
        var csm = new Actor("csm@bench.local", ["csm"]);
        var proposals = new List<Guid>(accounts);
        foreach (var account in accountDocs)
            proposals.Add((await engine.ProposeActionAsync(account.Id, "csm_outreach", new JsonObject
            {
                ["account_id"] = account.Id, ["csm"] = csm.Id, ["reason"] = "Usage fell this month.", ["due_date"] = "2026-11-27", ["priority"] = "normal",
            }, csm, cancellationToken)).ProposalId);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var simulator = services.GetRequiredService<ActionSimulator>();
        var applier = services.GetRequiredService<ActionApplier>();
        var recorder = services.GetRequiredService<OutcomeRecorder>();
        // Database commands per step: a figure the machine's load does not disturb, unlike the times.
        long sqlCommands = 0;
        using var sqlListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = _ => Interlocked.Increment(ref sqlCommands),
        };
        var total = new List<double>(count);
        var phases = new Dictionary<string, List<double>> { ["simulate"] = [], ["apply"] = [], ["record"] = [] };
        for (var i = 0; i < warmup + count; i++)
        {
            var id = proposals[i];
            if (i == warmup)
                ActivitySource.AddActivityListener(sqlListener);
            var t0 = Stopwatch.GetTimestamp();
            var simulation = await simulator.SimulateAsync(id, csm, cancellationToken);
            var t1 = Stopwatch.GetTimestamp();
            if (!simulation.WouldBeAllowed)
                throw new InvalidOperationException($"Proposal {id} would be denied: {string.Join("; ", simulation.Deny.Select(d => d.Rule))}");
            await applier.ApplyAsync(id, $"bench-{i}", csm, cancellationToken);
            var t2 = Stopwatch.GetTimestamp();
            await recorder.RecordAsync(id, "retained", 1, new Actor("bench:outcomes", ["service"]), cancellationToken);
            var t3 = Stopwatch.GetTimestamp();
            if (i < warmup)
                continue;
            total.Add(Ms(t0, t3));
            phases["simulate"].Add(Ms(t0, t1));
            phases["apply"].Add(Ms(t1, t2));
            phases["record"].Add(Ms(t2, t3));
        }

        var result = new JsonObject
        {
            ["benchmark"] = "simulate+apply+record",
            ["accounts"] = accounts,
            ["count"] = count,
            ["setup_seconds"] = Math.Round(setupSeconds, 1),
            ["total_ms"] = Percentiles(total),
            ["simulate_ms"] = Percentiles(phases["simulate"]),
            ["apply_ms"] = Percentiles(phases["apply"]),
            ["record_ms"] = Percentiles(phases["record"]),
            ["sql_commands_per_step"] = Math.Round((double)Interlocked.Read(ref sqlCommands) / count, 2),
        };
        if (format == "json")
            await output.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"simulate+apply+record on {accounts} accounts, {count} steps (setup {setupSeconds:F1} s)"));
            foreach (var (name, node) in result.Where(p => p.Key.EndsWith("_ms", StringComparison.Ordinal) || p.Key.StartsWith("sql_", StringComparison.Ordinal)))
                await output.WriteLineAsync($"  {name,-12} {node!.ToJsonString()}");
        }
        return 0;
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static JsonObject Percentiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 2);
        return new JsonObject { ["p50"] = At(0.50), ["p90"] = At(0.90), ["p99"] = At(0.99), ["max"] = Math.Round(sorted[^1], 2), ["mean"] = Math.Round(sorted.Average(), 2) };
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
