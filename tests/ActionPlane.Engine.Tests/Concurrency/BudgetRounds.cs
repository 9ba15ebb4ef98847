using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>What the budget races set up each round: fresh accounts with an allowed outreach each, and the week's spend.</summary>
internal static class BudgetRounds
{
    public static async Task<IReadOnlyList<ProposalView>> OutreachOnFreshAccountsAsync(LifecycleHarness h, string prefix, int count)
    {
        var accounts = Enumerable.Range(1, count).Select(i => $"{prefix}{i}").ToArray();
        await h.SeedCopiesAsync(accounts);
        var outreach = new List<ProposalView>();
        foreach (var account in accounts)
            outreach.Add((await h.Engine.ProposeAsync(account, LifecycleHarness.Csm)).Proposals.Single(p => p.ActionType == "csm_outreach" && p.Allowed));
        return outreach;
    }

    public static async Task<decimal> SpentAsync(LifecycleHarness h)
    {
        await using var session = h.Store.QuerySession();
        return (await WeeklyBudgetReader.ReadAsync(session, h.Clock.GetUtcNow(), decimal.MaxValue, CancellationToken.None)).Spent;
    }
}
