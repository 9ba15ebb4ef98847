namespace ActionPlane.Engine.Models;

/// <summary>A churn prediction for one snapshot: calibrated probability, tier, and the drivers behind it.</summary>
/// <param name="Drivers">Features by absolute contribution to the raw score, largest first; positive pushes towards churn.</param>
public sealed record ChurnPrediction(string AccountId, double Probability, RiskTier Tier, IReadOnlyList<FeatureContribution> Drivers);
