using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Autopilot;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Xunit.Abstractions;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// The autopilot (unattended, so it takes the budget lock exclusively) racing CSMs (shared) on other accounts when the
/// weekly budget has no room left for anything that costs money: whichever commits first, the autopilot's gate decides
/// on exactly the spend committed before it (BudgetRaceTests has the contract).
/// </summary>
public sealed class AutopilotBudgetRaceTests(PostgresFixture postgres, ITestOutputHelper output) : AutopilotTest(postgres)
{
    private const int Rounds = 16;

    protected override void ConfigureMore(ActionPlaneEngineOptions options) => options.Decisioning.WeeklyBudget = 0m;

    [Fact]
    public async Task Autopilot_RacingCsmsOnOtherAccounts_DecidesOnEverySpendCommittedBeforeIt()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        for (var round = 0; round < Rounds; round++)
        {
            var account = $"acc-a{round:D2}";
            await H.SeedCopiesAsync(account);
            var unattended = await H.Engine.ProposeActionAsync(account, "show_checklist", Payload($"usr-a{round:D2}-02", "show_checklist"), LifecycleHarness.Csm);
            unattended.AutonomyLevel.Should().Be("unattended");
            // Three CSMs against a whole run, one CSM against the apply step alone (so each side wins some rounds).
            var outreach = await BudgetRounds.OutreachOnFreshAccountsAsync(H, $"acc-c{round:D2}", round % 2 == 0 ? 3 : 1);
            // The checklist costs nothing: it fits while nothing more is spent, and any outreach that commits first spends past the budget.
            H.Options.Decisioning.WeeklyBudget = await BudgetRounds.SpentAsync(H);
            // Even rounds race a whole autopilot run (its reads before the apply give the CSMs a head start); odd rounds
            // race its apply step alone (the runner's key and actor).
            Func<Task<object?>> autopilot = round % 2 == 0
                ? async () => await Runner.RunAsync()
                : async () => await H.Applier.ApplyAsync(unattended.ProposalId, UnattendedRunner.IdempotencyKeyOf(unattended.ProposalId), Actor.System);

            var outcomes = await Race.RunAsync([
                autopilot,
                .. outreach.Select((p, i) => (Func<Task<object?>>)(async () =>
                    await H.Applier.ApplyAsync(p.ProposalId, $"csm-{i}", new Actor($"csm{i}@demo.local", ["csm"])))),
            ]);

            outcomes.Skip(1).Should().OnlyContain(o => o.Won, "the CSMs apply whatever the budget says");
            if (!outcomes[0].Won)
                outcomes[0].Error!.Reasons.Should().ContainSingle().Which.Should().StartWith("budget.suggest_only");
        }

        // Every gate decision and apply in commit order (the budget lock orders an unattended apply against every other
        // apply): each unattended apply's gate saw exactly the spend committed before it, and it applied only when that
        // spend plus its cost fit the budget.
        await using var session = H.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var ids = events.Where(e => e.Data is ActionApplied).Select(e => e.StreamId).ToArray();
        var costs = (await session.Query<ActionLifecycle>().Where(p => p.Id.IsOneOf(ids)).ToListAsync()).ToDictionary(p => p.Id, p => p.Scores.Cost);
        var spent = 0m;
        var (applied, denied) = (0, 0);
        foreach (var e in events)
        {
            if (e.Data is ActionApplied)
                spent += costs[e.StreamId];
            if (e.Data is not PolicyEvaluated { Operation: "apply" } gate || gate.Input["actor"]?["id"]?.GetValue<string>() != Actor.System.Id)
                continue;
            var budget = gate.Input["budget"]!;
            budget["spent"]!.GetValue<decimal>().Should().Be(spent, "an unattended apply reads every spend committed before it");
            var fits = spent + budget["action_cost"]!.GetValue<decimal>() <= budget["weekly_budget"]!.GetValue<decimal>();
            gate.Allow.Should().Be(fits);
            if (gate.Allow)
                applied++;
            else
                denied++;
        }
        output.WriteLine($"{Rounds} rounds: the autopilot applied {applied} times and was denied by the budget {denied} times");
        (applied + denied).Should().BeGreaterThanOrEqualTo(Rounds / 2, "every apply step raced reached the gate");
    }

}
