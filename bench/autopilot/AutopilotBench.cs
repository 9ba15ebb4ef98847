using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActionPlane.Bench.Propose;
using ActionPlane.Engine;
using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Bench.Autopilot;

/// <summary>
/// <c>dotnet run -c Release --project bench/autopilot -- [--accounts 300] [--track-record 20]</c>: starts a private
/// PostgreSQL cluster, seeds the demo tenant, gives show_checklist and pin_shortcut a track record of
/// <c>--track-record</c> applies in the autonomy window (stored decision records, as CSM applies on other
/// accounts would leave them; 0 = the fresh demo), proposes for every account as the system actor through the
/// real engine, then times one <see cref="UnattendedRunner.RunAsync"/> (which applies) and a second one (nothing
/// left to do), counting SQL commands and allocations. Prints JSON.
/// </summary>
public static class AutopilotBench
{
    public static async Task<int> Main(string[] args)
    {
        int accounts = 300, trackRecord = 20;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            _ = args[i] switch
            {
                "--accounts" => accounts = value,
                "--track-record" => trackRecord = value,
                _ => throw new ArgumentException($"{args[i]}: unknown option; use --accounts, --track-record."),
            };
        }

        // A Wednesday at 12:00 UTC: business hours in Europe, not yet on the US east coast (the gate's change windows).
        await using var tenant = await BenchTenant.SeedDemoAsync("autopilot", new DateTimeOffset(2026, 9, 9, 12, 0, 0, TimeSpan.Zero), accounts);
        var (services, store, clock) = (tenant.Services, tenant.Store, tenant.Clock);
        await SeedTrackRecordAsync(store, clock.GetUtcNow(), trackRecord, "show_checklist", "pin_shortcut");

        List<string> ids;
        await using (var session = store.QuerySession())
            ids = [.. await session.Query<Account>().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync()];
        var engine = services.GetRequiredService<NextBestActionEngine>();
        var chosen = new Dictionary<string, int>(StringComparer.Ordinal);
        var proposals = 0;
        foreach (var id in ids)
        {
            foreach (var p in (await engine.ProposeAsync(id, Actor.System)).Proposals)
            {
                proposals++;
                if (p.Trace is { Chosen: true } t && !t.Holdout && p.Allowed)
                    chosen[$"{p.ActionType} ({p.AutonomyLevel})"] = chosen.GetValueOrDefault($"{p.ActionType} ({p.AutonomyLevel})") + 1;
            }
        }
        Console.Error.WriteLine($"bench: {proposals} proposals for {ids.Count} accounts");

        var runner = services.GetRequiredService<UnattendedRunner>();
        var first = await MeasureAsync(() => runner.RunAsync(maxApplies: 10_000));
        var second = await MeasureAsync(() => runner.RunAsync(maxApplies: 10_000));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            accounts, trackRecord, proposals,
            chosenAllowedByTypeAndLevel = chosen.OrderByDescending(c => c.Value).ToDictionary(c => c.Key, c => c.Value),
            firstRun = first.Report, secondRun = second.Report,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static async Task<(AutopilotRunSummary Summary, object Report)> MeasureAsync(Func<Task<AutopilotRunSummary>> run)
    {
        using var sql = new SqlCommandCounter();
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var timer = Stopwatch.StartNew();
        var summary = await run();
        var ms = timer.Elapsed.TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        return (summary, new
        {
            summary.Considered, summary.Applied, summary.Denied, summary.DeniedByRule, summary.SkippedByBudget, summary.AlreadyApplied, summary.Failed,
            ms = Math.Round(ms, 1),
            msPerConsidered = summary.Considered == 0 ? (double?)null : Math.Round(ms / summary.Considered, 2),
            sqlCommands = sql.Count,
            sqlCommandsPerConsidered = summary.Considered == 0 ? (double?)null : Math.Round(sql.Count / (double)summary.Considered, 1),
            allocatedMb = Math.Round(allocated / 1_048_576.0, 1),
        });
    }

    /// <summary>Applies in the autonomy window on accounts outside the tenant, as earlier CSM applies would have left their decision records.</summary>
    private static async Task SeedTrackRecordAsync(IDocumentStore store, DateTimeOffset now, int applies, params string[] actionTypes)
    {
        if (applies == 0)
            return;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var session = store.LightweightSession();
        foreach (var type in actionTypes)
            for (var i = 0; i < applies; i++)
            {
                var at = now.AddDays(-20).AddHours(i);
                session.Store(new DecisionRecord
                {
                    Id = Guid.NewGuid(), AccountId = $"acc-history-{i:D3}", ActionType = type, Status = ActionStatus.Applied, Allowed = true,
                    ProposedBy = "csm@demo.local", ProposedAt = at, AppliedBy = "csm@demo.local", AppliedAt = at.AddMinutes(5), Timestamp = at, UpdatedAt = at,
                });
            }
        await session.SaveChangesAsync();
    }
}
