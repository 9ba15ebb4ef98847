using ActionPlane.Engine.Models;

namespace ActionPlane.Web.Features.Csm;

/// <summary>One risk tier of the CSM's portfolio: how many accounts and how much ARR sit in it.</summary>
public sealed record TierTotal(RiskTier Tier, int Accounts, decimal Arr);

/// <summary>The portfolio by risk tier (every tier listed, highest risk first) and the drivers most often behind high risk.</summary>
public sealed record PortfolioSummary(IReadOnlyList<TierTotal> Tiers, IReadOnlyList<string> TopDrivers)
{
    public int Accounts => Tiers.Sum(t => t.Accounts);

    public decimal Arr => Tiers.Sum(t => t.Arr);

    public static PortfolioSummary From(IReadOnlyList<AccountRow> rows)
    {
        var tiers = new[] { RiskTier.High, RiskTier.Medium, RiskTier.Low }
            .Select(t => new TierTotal(t, rows.Count(r => r.Tier == t), rows.Where(r => r.Tier == t).Sum(r => r.Mrr * 12)))
            .ToList();
        // The drivers that push churn up most often among high-risk accounts: where a CSM's time goes first.
        var risky = rows.Where(r => r.Tier == RiskTier.High).ToList();
        var drivers = risky
            .SelectMany(r => r.Drivers.Where(d => d.Contribution > 0).OrderByDescending(d => d.Contribution).Take(1))
            .GroupBy(d => d.Feature)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(3)
            .Select(g => g.Key)
            .ToList();
        return new PortfolioSummary(tiers, drivers);
    }
}
