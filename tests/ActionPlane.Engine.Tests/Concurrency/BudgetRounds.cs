using System.Globalization;
using System.Text.Json.Nodes;
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
        // A CSM's own pick: one gate evaluation per account instead of the engine's whole candidate set.
        foreach (var account in accounts)
            outreach.Add(await h.Engine.ProposeActionAsync(account, "csm_outreach", new JsonObject
            {
                ["account_id"] = account, ["csm"] = LifecycleHarness.Csm.Id, ["reason"] = "Churn risk high: many support tickets.",
                ["due_date"] = DateOnly.FromDateTime(h.Clock.GetUtcNow().UtcDateTime).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["priority"] = "high",
            }, LifecycleHarness.Csm));
        outreach.Should().OnlyContain(p => p.Allowed);
        return outreach;
    }

    public static async Task<decimal> SpentAsync(LifecycleHarness h)
    {
        await using var session = h.Store.QuerySession();
        return (await WeeklyBudgetReader.ReadAsync(session, h.Clock.GetUtcNow(), decimal.MaxValue, CancellationToken.None)).Spent;
    }
}
