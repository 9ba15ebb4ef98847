using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Models;

/// <summary>
/// The latest scores of one account (a Marten document keyed by account id), written by batch
/// scoring and read by the proposal engine and the CSM portfolio.
/// </summary>
public sealed record AccountScore
{
    /// <summary>The account id.</summary>
    public required string Id { get; init; }
    public required double ChurnProbability { get; init; }
    public required RiskTier Tier { get; init; }
    /// <summary>Top features behind this prediction, largest absolute contribution first.</summary>
    public required IReadOnlyList<FeatureContribution> Drivers { get; init; }
    public required string ModelVersion { get; init; }
    public required DateTimeOffset ScoredAt { get; init; }
    public required FeatureSnapshot Features { get; init; }
}

public enum RiskTier { Low, Medium, High }

/// <summary>How much one feature pushed one prediction, and the feature's value then.</summary>
public sealed record FeatureContribution(string Feature, double? Value, double Contribution);
