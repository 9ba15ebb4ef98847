using System.Text.Json.Nodes;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Training;

/// <summary>Builds a logged loop on real PostgreSQL for the training tests: accounts with ground truth, decisions, applies, outcomes.</summary>
internal static class LoggedLoop
{
    public const string Outreach = "csm_outreach";

    /// <summary>
    /// Accounts with varied features, a churn score (model version <c>churn-test-1</c>) and the demo's
    /// ground truth; <paramref name="truthShift"/> moves the true churn probability away from the score
    /// (a miscalibrated churn model).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeedAccountsAsync(LifecycleHarness h, int accounts, Random rng, string prefix = "acc-t", double truthShift = 0)
    {
        var ids = new List<string>();
        await using var session = h.Store.LightweightSession();
        for (var i = 0; i < accounts; i++)
        {
            var id = $"{prefix}{i:D4}";
            ids.Add(id);
            var drivers = new ChurnDrivers(UsageDecline: rng.NextDouble(), ModulesAdopted: rng.Next(0, 6), SeatUtilisation: rng.NextDouble(),
                SupportFriction: rng.NextDouble(), Downgraded: rng.NextDouble() < 0.1, DaysToRenewal: 200, Noise: 0);
            session.Store(new Account
            {
                Id = id, Name = $"Account {i}", Plan = "pro", Segment = "smb", Region = "eu", TimeZone = "Europe/Berlin", Seats = 25, Mrr = 1200m,
                RenewalDate = new DateOnly(2027, 6, 15), CsmOwner = "csm@demo.local", CreatedOn = new DateOnly(2024, 3, 1),
            });
            var values = FeatureBuilder.FeatureNames.ToDictionary(n => n, _ => (double?)rng.NextDouble());
            values["seat_utilisation"] = drivers.SeatUtilisation;
            values["modules_adopted_30d"] = drivers.ModulesAdopted;
            values["usage_trend_7d_vs_30d"] = -drivers.UsageDecline;
            values["tickets_30d"] = Math.Round(drivers.SupportFriction * 10);
            var churn = 0.15 + 0.5 * drivers.UsageDecline * drivers.SupportFriction;
            session.Store(new AccountScore
            {
                Id = id, ChurnProbability = churn, Tier = RiskTier.High, Drivers = [], ModelVersion = "churn-test-1", ScoredAt = h.Clock.GetUtcNow(),
                Features = new FeatureSnapshot(id, DateOnly.FromDateTime(h.Clock.GetUtcNow().UtcDateTime), values),
            });
            session.Store(new OutcomeTruth(id, Math.Clamp(churn + truthShift, 0.01, 0.99), drivers, 42));
        }
        await session.SaveChangesAsync();
        return ids;
    }

    /// <summary>A CSM proposes outreach to each account and applies it to a random share; returns how many were applied.</summary>
    public static async Task<int> ProposeOutreachAsync(LifecycleHarness h, IEnumerable<string> ids, double applyShare, Random rng)
    {
        var treated = 0;
        foreach (var id in ids)
        {
            var proposal = await h.Engine.ProposeActionAsync(id, Outreach, new JsonObject
            {
                ["account_id"] = id, ["csm"] = "csm@demo.local", ["reason"] = "Usage is falling.", ["due_date"] = "2026-11-27", ["priority"] = "high",
            }, LifecycleHarness.Csm);
            if (rng.NextDouble() < applyShare)
            {
                await h.Applier.ApplyAsync(proposal.ProposalId, $"k-{id}", LifecycleHarness.Csm);
                treated++;
            }
        }
        return treated;
    }

    /// <summary>Moves past every horizon (90 days) and records the outcomes that came due.</summary>
    public static async Task<int> ObserveDueAsync(LifecycleHarness h)
    {
        h.Clock.Advance(TimeSpan.FromDays(91));
        return await new OutcomeObserver(h.Store, h.Clock).ObserveDueAsync();
    }
}
