using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// The engine's proposes of one account racing each other: the weekly decision run and a CSM's Suggest, or two CSMs
/// suggesting at once. The contract (NextBestActionEngine.ProposeAsync): an open allowed proposal of the same action
/// for the same target is handed back instead of being proposed twice, and a "no action" decision is logged once while
/// its outcome is open. Denied candidates are records, not work: each propose gates them afresh. The per-account
/// propose lock makes the second propose read what the first wrote.
/// </summary>
public sealed class ProposeRaceTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const int Rounds = 20;

    [Fact]
    public async Task DecisionRun_RacingACsmsSuggest_OnTheSameAccount_NeverOpensTheSameActionTwice()
    {
        var accounts = await SeedRoundsAsync("acc-r");
        var runner = H.Get<DecisionRunner>();

        foreach (var account in accounts)
        {
            var outcomes = await Race.RunAsync(
                async () => (object?)await runner.TryRunAsync("manual", "admin@demo.local", accountIds: [account]),
                async () => (object?)await H.Engine.ProposeAsync(account, LifecycleHarness.Csm));
            outcomes.Should().OnlyContain(o => o.Won);
            ((DecisionRun)outcomes[0].Value!).Failed.Should().Be(0);
        }

        await ShouldHaveOneDecisionPerAccountAsync(accounts);
    }

    [Fact]
    public async Task TwoCsmsSuggesting_OnTheSameAccount_AtOnce_GetTheSameProposals()
    {
        var accounts = await SeedRoundsAsync("acc-s");
        var other = new Actor("csm2@demo.local", ["csm"]);

        foreach (var account in accounts)
        {
            var outcomes = await Race.RunAsync(
                () => H.Engine.ProposeAsync(account, LifecycleHarness.Csm),
                () => H.Engine.ProposeAsync(account, other));
            outcomes.Should().OnlyContain(o => o.Won);
            // Both see the same allowed proposals: the second was handed the first's.
            outcomes[0].Value!.Proposals.Where(p => p.Allowed).Select(p => p.ProposalId)
                .Should().BeEquivalentTo(outcomes[1].Value!.Proposals.Where(p => p.Allowed).Select(p => p.ProposalId));
        }

        await ShouldHaveOneDecisionPerAccountAsync(accounts);
    }

    private async Task<IReadOnlyList<string>> SeedRoundsAsync(string prefix)
    {
        var accounts = Enumerable.Range(1, Rounds).Select(i => $"{prefix}{i:D3}").ToArray();
        await H.SeedCopiesAsync(accounts);
        return accounts;
    }

    private async Task ShouldHaveOneDecisionPerAccountAsync(IReadOnlyList<string> accounts)
    {
        await using var session = H.Store.QuerySession();
        var ids = accounts.ToArray();
        var open = await session.Query<ActionLifecycle>()
            .Where(p => p.AccountId.IsOneOf(ids) && (p.Status == ActionStatus.Allowed || p.Status == ActionStatus.AwaitingApproval || p.Status == ActionStatus.Approved))
            .ToListAsync();
        open.Select(p => p.AccountId).Distinct().Should().HaveCount(accounts.Count, "every account was decided");
        open.GroupBy(p => (p.AccountId, p.ActionType, p.UserId)).Where(g => g.Count() > 1).Select(g => g.Key)
            .Should().BeEmpty("an open allowed proposal of an action for a target is handed back, not proposed twice");
        var noAction = await session.Query<DecisionRecord>().Where(r => r.AccountId.IsOneOf(ids) && r.ActionType == NoActionDecided.ActionType).ToListAsync();
        noAction.GroupBy(r => r.AccountId).Where(g => g.Count() > 1).Select(g => g.Key)
            .Should().BeEmpty("a 'no action' decision is logged once while its outcome is open");
    }
}
