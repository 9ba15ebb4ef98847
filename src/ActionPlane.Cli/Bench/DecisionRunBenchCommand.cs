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
/// account is decided afresh), and with <c>--weeks N</c> N − 2 more runs a week apart, so a tenant's log grows as in
/// production. Reports time, per-account time, proposals written and expired, decisions by kind and SQL commands, and
/// per week (<see cref="DecisionRunProbe"/>) the time and SQL commands of each phase and what the database's statements
/// did (statements, rows returned or written, buffer pages touched, server time) in the expiry and in the rest.
/// </summary>
internal static class DecisionRunBenchCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the demo tenant", DefaultValueFactory = _ => 300 };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (default: a private throwaway cluster)" };
        var weeks = new Option<int>("--weeks") { Description = "Weekly runs in a row (the first included), each a week after the last", DefaultValueFactory = _ => 2 };
        var format = new Option<string>("--format", "-f") { Description = "pretty or json", DefaultValueFactory = _ => "pretty" };
        var command = new Command("decision-run", "Time of one weekly decision run over the demo tenant");
        foreach (var o in new Option[] { accounts, weeks, connection, format })
            command.Options.Add(o);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(accounts), parse.GetValue(weeks), parse.GetValue(connection), parse.GetValue(format)!, Console.Out, Console.Error, ct));
        return command;
    }

    internal static async Task<int> RunAsync(int accounts, int weeks, string? connection, string format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (accounts is < 10 or > 100_000) { await error.WriteLineAsync("--accounts: 10 to 100000."); return 2; }
        if (weeks is < 2 or > 52) { await error.WriteLineAsync($"--weeks: 2 to 52, got {weeks}."); return 2; }
        if (format is not ("pretty" or "json")) { await error.WriteLineAsync($"--format: pretty or json, got '{format}'."); return 2; }

        var given = !string.IsNullOrWhiteSpace(connection);
        await using var database = await BenchDatabase.OpenAsync(connection, "bench-run", cancellationToken);
        connection = database.ConnectionString;
        if (await DecisionRunProbe.UnavailableAsync(connection, cancellationToken) is { } unavailable)
        {
            await error.WriteLineAsync(given ? $"--connection: {unavailable}" : $"The private cluster: {unavailable}");
            return 2;
        }
        var clock = new ShiftedClock();
        var options = new ActionPlaneEngineOptions
        {
            ConnectionString = connection, SchemaName = "bench_decision_run", WatchPolicies = false, TimeProvider = clock,
            // The gate's action-type metrics are loaded once per run (the engine clock moves a week between runs) instead of
            // every 5 s of wall time as in production: that refresh costs per second, not per account, and under load it
            // would make the per-account counts depend on how slow the run was.
            ActionMetricsTtl = TimeSpan.FromDays(1),
            RollbackTokenKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        };
        await using var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.CompletelyRemoveAllAsync(cancellationToken);
        var setup = Stopwatch.StartNew();
        await new DemoTenantSeeder(clock).SeedAsync(store, new DemoSeedOptions { Accounts = accounts }, _ => { }, cancellationToken);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var runner = services.GetRequiredService<DecisionRunner>();
        var expirer = services.GetRequiredService<ProposalExpirer>();
        using var probe = DecisionRunProbe.Listen(connection);
        // A week's run in two measured parts: the expiry the run starts with (called here first, so its statements
        // are its own; the run's own expiry then finds nothing lapsed), then the run.
        async Task<WeekCost> RunOnceAsync()
        {
            await probe.StartAsync(cancellationToken);
            var watch = Stopwatch.StartNew();
            var expired = await expirer.ExpireAllAsync(cancellationToken);
            var expiryMs = watch.Elapsed.TotalMilliseconds;
            var expiry = await probe.StopAsync(cancellationToken);
            await probe.StartAsync(cancellationToken);
            var run = await runner.TryRunAsync("bench", "bench", cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException("Another decision run holds the lock.");
            return new WeekCost(run with { ProposalsExpired = run.ProposalsExpired + expired }, expiryMs, expiry, await probe.StopAsync(cancellationToken));
        }
        async Task<long> RecordsAsync()
        {
            await using var query = store.QuerySession();
            return await query.Query<DecisionRecord>().CountAsync(cancellationToken);
        }

        var firstWeek = await RunOnceAsync();
        var (first, firstCost) = (firstWeek.Run, firstWeek.Total);
        var weekRows = new JsonArray { WeekJson(1, firstWeek, await RecordsAsync(), options.SchemaName) };
        var secondWeek = await RunOnceAsync();
        var (second, secondCost) = (secondWeek.Run, secondWeek.Total);
        var later = new List<WeekCost>();
        for (var week = 2; week <= weeks; week++)
        {
            clock.Offset = TimeSpan.FromDays(7 * (week - 1));
            var cost = await RunOnceAsync();
            later.Add(cost);
            weekRows.Add(WeekJson(week, cost, await RecordsAsync(), options.SchemaName));
        }
        var (third, thirdCost) = (later[0].Run, later[0].Total);
        var records = await RecordsAsync();

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
            ["sql_commands_per_decided_account"] = Math.Round((double)firstCost.Sql / decided, 1),
            ["second_run_seconds"] = Math.Round(second.DurationSeconds, 2),
            ["second_run_skipped"] = second.Skipped,
            ["second_run_proposals_written"] = second.ProposalsWritten,
            ["second_run_sql_commands"] = secondCost.Sql,
            ["next_week_run_seconds"] = Math.Round(third.DurationSeconds, 2),
            ["next_week_proposals_expired"] = third.ProposalsExpired,
            ["next_week_proposals_written"] = third.ProposalsWritten,
            ["next_week_decided"] = Decided(third),
            ["next_week_unchanged_skipped_failed"] = new JsonArray(third.Unchanged, third.Skipped, third.Failed),
            ["next_week_sql_commands_per_account"] = Math.Round((double)thirdCost.Sql / Math.Max(1, third.Accounts), 1),
            ["decision_records_total"] = records,
            ["weeks"] = weekRows,
        };
        if (format == "json")
            await output.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
            await WritePrettyAsync(result, output);
        var completed = first.Status == DecisionRunStatus.Completed && later.All(w => w.Run.Status == DecisionRunStatus.Completed);
        return completed ? 0 : 1;
    }

    private static int Decided(DecisionRun run) => run.ActionDecisions + run.NoActionDecisions + run.HoldoutDecisions;

    /// <summary>A week: the run (with the expiry's count), the expiry's wall time and cost, and the rest of the run's cost.</summary>
    private sealed record WeekCost(DecisionRun Run, double ExpiryMs, DecisionRunCost Expiry, DecisionRunCost Decide)
    {
        /// <summary>The week's whole cost by phase: the expiry's part added to the run's own expiry phase (a read that finds nothing lapsed).</summary>
        public DecisionRunCost Total
        {
            get
            {
                var phases = new Dictionary<string, (double Ms, long Sql)>(Decide.Phases);
                var (ms, sql) = phases.GetValueOrDefault("expire");
                phases["expire"] = (ms + ExpiryMs, sql + Expiry.Sql);
                return Decide with { Phases = phases };
            }
        }
    }

    /// <summary>One weekly run's line: time, decisions and what it cost by phase, per account where it is per account.</summary>
    private static JsonObject WeekJson(int week, WeekCost cost, long recordsAfter, string schema)
    {
        var run = cost.Run;
        var accounts = Math.Max(1, run.Accounts);
        var decided = Math.Max(1, run.Done - run.Skipped);
        var (accountsMs, accountsSql) = cost.Decide.Phase("accounts");
        var (proposeMs, proposeSql) = cost.Decide.Phase("propose");
        var (_, runExpireSql) = cost.Decide.Phase("expire");
        return new JsonObject
        {
            ["week"] = week,
            ["run_seconds"] = Math.Round(run.DurationSeconds + cost.ExpiryMs / 1000, 2),
            ["decided"] = Decided(run),
            ["proposals_expired"] = run.ProposalsExpired,
            ["proposals_written"] = run.ProposalsWritten,
            ["expire_ms"] = Math.Round(cost.ExpiryMs),
            ["sql_commands_expire"] = cost.Expiry.Sql + runExpireSql,
            ["expire_statements"] = cost.Expiry.Reads.Calls,
            ["expire_result_rows"] = cost.Expiry.Reads.Rows,
            ["expire_blocks_read"] = cost.Expiry.Reads.Blocks,
            ["expire_db_ms"] = Math.Round(cost.Expiry.Reads.Ms),
            ["account_list_ms"] = Math.Round(accountsMs, 1),
            ["sql_commands_account_list"] = accountsSql,
            ["propose_ms_per_decided_account"] = Math.Round(proposeMs / decided, 1),
            ["sql_commands_per_propose"] = Math.Round((double)proposeSql / decided, 2),
            ["sql_commands_per_account"] = Math.Round((double)(cost.Expiry.Sql + cost.Decide.Sql) / accounts, 2),
            ["statements_per_account"] = Math.Round((double)cost.Decide.Reads.Calls / accounts, 2),
            ["result_rows_per_account"] = Math.Round((double)cost.Decide.Reads.Rows / accounts),
            ["blocks_read_per_account"] = Math.Round((double)cost.Decide.Reads.Blocks / accounts),
            ["db_ms_per_account"] = Math.Round(cost.Decide.Reads.Ms / accounts, 1),
            ["decision_records_after"] = recordsAfter,
            ["most_read_expire"] = MostRead(cost.Expiry, schema),
            ["most_read_decide"] = MostRead(cost.Decide, schema),
        };
    }

    /// <summary>
    /// The three statements that touched most blocks, with their blocks, calls and rows and the start of their text (the
    /// schema's name left out): where a growing figure comes from.
    /// </summary>
    private static string MostRead(DecisionRunCost cost, string schema) =>
        string.Join("; ", cost.Statements.OrderByDescending(s => s.Reads.Blocks).Take(3).Select(s =>
            $"{s.Reads.Blocks} blocks {s.Reads.Calls} calls {s.Reads.Rows} rows: {Abbreviate(s.Query.Replace(schema + ".", "", StringComparison.Ordinal))}"));

    private static string Abbreviate(string query)
    {
        var line = string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 100 ? line : line[..100] + "…";
    }

    private static async Task WritePrettyAsync(JsonObject result, TextWriter output)
    {
        foreach (var (name, node) in result)
            if (name != "weeks")
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {node!.ToJsonString()}"));
        var weeks = result["weeks"]!.AsArray();
        var columns = weeks[0]!.AsObject().Select(p => p.Key).Where(c => !c.StartsWith("most_read", StringComparison.Ordinal)).ToArray();
        await output.WriteLineAsync();
        await output.WriteLineAsync("  " + string.Join("  ", columns));
        foreach (var week in weeks)
            await output.WriteLineAsync("  " + string.Join("  ", columns.Select(c => week![c]!.ToJsonString().PadLeft(c.Length))));
        await output.WriteLineAsync();
        foreach (var week in weeks)
        {
            await output.WriteLineAsync($"  week {week!["week"]}, the expiry's most read statements: {week["most_read_expire"]!.GetValue<string>()}");
            await output.WriteLineAsync($"  week {week["week"]}, the rest's: {week["most_read_decide"]!.GetValue<string>()}");
        }
    }

    /// <summary>The system clock, moved forward by <see cref="Offset"/> (a week later without waiting a week).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
