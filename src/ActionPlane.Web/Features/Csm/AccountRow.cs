using ActionPlane.Engine.Models;

namespace ActionPlane.Web.Features.Csm;

/// <summary>One line of the CSM's at-risk portfolio: the account and its latest churn score.</summary>
public sealed record AccountRow(
    string Id,
    string Name,
    string Plan,
    string Segment,
    decimal Mrr,
    DateOnly RenewalDate,
    double ChurnProbability,
    RiskTier Tier,
    IReadOnlyList<FeatureContribution> Drivers,
    string ModelVersion)
{
    /// <summary>The day the account churned; null for a customer.</summary>
    public DateOnly? ChurnedOn { get; init; }
}
