using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// The tenant's weekly budget raced across accounts. The contract (budget.rego): past the budget an action is
/// suggest-only, so nothing unattended applies it (the autopilot, a service-account token) while a person still may.
/// Unattended applies take the budget lock exclusively, a person's apply takes it shared (AccountApplyLock), so an
/// unattended apply's gate reads every spend committed before it and none lands while it decides. Each round sets
/// the budget to what is spent plus the room it tests (the budget is read on every apply, as an admin's change is).
/// </summary>
public sealed class BudgetRaceTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const int Rounds = 8;
    private const int Racers = 5;
    private const int Room = 2;

    protected override void Configure(ActionPlaneEngineOptions options) => options.Decisioning.WeeklyBudget = 0m;

    [Fact]
    public async Task ServiceTokens_ApplyingOnDifferentAccountsAtOnce_WithRoomForTwo_ApplyExactlyTwo()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var outreach = await BudgetRounds.OutreachOnFreshAccountsAsync(H, $"acc-b{round:D2}", Racers);
            var cost = outreach[0].Scores.Cost;
            var spent = await BudgetRounds.SpentAsync(H);
            H.Options.Decisioning.WeeklyBudget = spent + Room * cost + cost / 2;

            var outcomes = await Race.RunAsync([.. outreach.Select(p => (Func<Task<ApplyReceipt>>)(() =>
                H.Applier.ApplyAsync(p.ProposalId, $"svc-{p.ProposalId:N}", new Actor($"service:{Guid.NewGuid():N}", ["csm"]))))]);

            outcomes.Count(o => o.Won).Should().Be(Room, $"round {round}: the budget had room for {Room}, never {Room + 1}");
            outcomes.Where(o => !o.Won).Should().OnlyContain(o => o.Error!.Kind == LifecycleErrorKind.PolicyDenied
                && o.Error.Reasons.Any(r => r.StartsWith("budget.suggest_only", StringComparison.Ordinal)));
            foreach (var (p, o) in outreach.Zip(outcomes))
                (await H.EventsAsync(p.ProposalId)).OfType<ActionApplied>().Should().HaveCount(o.Won ? 1 : 0);
            (await BudgetRounds.SpentAsync(H)).Should().Be(spent + Room * cost);
        }
    }

    [Fact]
    public async Task Csms_ApplyingOnDifferentAccountsAtOnce_PastTheBudget_AllApply_BecauseAPersonDecides()
    {
        var outreach = await BudgetRounds.OutreachOnFreshAccountsAsync(H, "acc-p", Racers);
        H.Options.Decisioning.WeeklyBudget = await BudgetRounds.SpentAsync(H);

        var outcomes = await Race.RunAsync([.. outreach.Select((p, i) => (Func<Task<ApplyReceipt>>)(() =>
            H.Applier.ApplyAsync(p.ProposalId, $"csm-{i}", new Actor($"csm{i}@demo.local", ["csm"]))))]);

        outcomes.Should().OnlyContain(o => o.Won, "suggest-only means a person applies it: the budget stops only unattended applies");
    }

}
