using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Engine;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// <c>actionplane bench decision-run [--accounts 300]</c>: one weekly decision run over the demo tenant (seeded with
/// its models, as the web app's demo seeds it, at <c>--accounts</c> accounts) through the real Engine services on a
/// real PostgreSQL (a private throwaway cluster unless <c>--connection</c> is given), then a second run the same week
/// (every account skipped), then a run a week later (the engine's clock moved on: last week's proposals lapse and every
/// account is decided afresh). Reports time, per-account time, proposals written and expired, decisions by kind and SQL commands.
/// </summary>
internal static class DecisionRunBenchCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the demo tenant", DefaultValueFactory = _ => 300 };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (default: a private throwaway cluster)" };
        var format = new Option<string>("--format", "-f") { Description = "pretty or json", DefaultValueFactory = _ => "pretty" };
        var command = new Command("decision-run", "Time of one weekly decision run over the demo tenant");
        foreach (var o in new Option[] { accounts, connection, format })
            command.Options.Add(o);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(accounts), parse.GetValue(connection), parse.GetValue(format)!, Console.Out, Console.Error, ct));
        return command;
    }

    internal static async Task<int> RunAsync(int accounts, string? connection, string format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (accounts is < 10 or > 100_000) { await error.WriteLineAsync("--accounts: 10 to 100000."); return 2; }
        if (format is not ("pretty" or "json")) { await error.WriteLineAsync($"--format: pretty or json, got '{format}'."); return 2; }

        await using var database = await BenchDatabase.OpenAsync(connection, "bench-run", cancellationToken);
        connection = database.ConnectionString;
        var clock = new ShiftedClock();
        var options = new ActionPlaneEngineOptions
        {
            ConnectionString = connection, SchemaName = "bench_decision_run", WatchPolicies = false, TimeProvider = clock,
            RollbackTokenKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        };
        await using var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.CompletelyRemoveAllAsync(cancellationToken);
        var setup = Stopwatch.StartNew();
        await new DemoTenantSeeder(clock).SeedAsync(store, new DemoSeedOptions { Accounts = accounts }, _ => { }, cancellationToken);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var runner = services.GetRequiredService<DecisionRunner>();
        long sqlCommands = 0;
        using var sqlListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = _ => Interlocked.Increment(ref sqlCommands),
        };
        ActivitySource.AddActivityListener(sqlListener);
        var first = await runner.TryRunAsync("bench", "bench", cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException("Another decision run holds the lock.");
        var firstSql = Interlocked.Exchange(ref sqlCommands, 0);
        var second = await runner.TryRunAsync("bench", "bench", cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException("Another decision run holds the lock.");
        var secondSql = Interlocked.Exchange(ref sqlCommands, 0);
        clock.Offset = TimeSpan.FromDays(7);
        var third = await runner.TryRunAsync("bench", "bench", cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException("Another decision run holds the lock.");
        var thirdSql = Interlocked.Read(ref sqlCommands);
        long records;
        await using (var query = store.QuerySession())
            records = await query.Query<DecisionRecord>().CountAsync(cancellationToken);

        var decided = Math.Max(1, first.Done - first.Skipped);
        var result = new JsonObject
        {
            ["benchmark"] = "decision-run",
            ["accounts"] = first.Accounts,
            ["setup_seconds"] = Math.Round(setupSeconds, 1),
            ["run_seconds"] = Math.Round(first.DurationSeconds, 2),
            ["ms_per_decided_account"] = Math.Round(first.DurationSeconds * 1000 / decided, 1),
            ["status"] = first.Status.ToString(),
            ["action_decisions"] = first.ActionDecisions,
            ["no_action_decisions"] = first.NoActionDecisions,
            ["holdout_decisions"] = first.HoldoutDecisions,
            ["unchanged"] = first.Unchanged,
            ["skipped"] = first.Skipped,
            ["failed"] = first.Failed,
            ["proposals_written"] = first.ProposalsWritten,
            ["proposals_expired"] = first.ProposalsExpired,
            ["sql_commands_per_decided_account"] = Math.Round((double)firstSql / decided, 1),
            ["second_run_seconds"] = Math.Round(second.DurationSeconds, 2),
            ["second_run_skipped"] = second.Skipped,
            ["second_run_proposals_written"] = second.ProposalsWritten,
            ["second_run_sql_commands"] = secondSql,
            ["next_week_run_seconds"] = Math.Round(third.DurationSeconds, 2),
            ["next_week_proposals_expired"] = third.ProposalsExpired,
            ["next_week_proposals_written"] = third.ProposalsWritten,
            ["next_week_decided"] = third.ActionDecisions + third.NoActionDecisions + third.HoldoutDecisions,
            ["next_week_unchanged_skipped_failed"] = new JsonArray(third.Unchanged, third.Skipped, third.Failed),
            ["next_week_sql_commands_per_account"] = Math.Round((double)thirdSql / Math.Max(1, third.Accounts), 1),
            ["decision_records_total"] = records,
        };
        if (format == "json")
            await output.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
            foreach (var (name, node) in result)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {node!.ToJsonString()}"));
        return first.Status == DecisionRunStatus.Completed && third.Status == DecisionRunStatus.Completed ? 0 : 1;
    }

    /// <summary>The system clock, moved forward by <see cref="Offset"/> (a week later without waiting a week).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
