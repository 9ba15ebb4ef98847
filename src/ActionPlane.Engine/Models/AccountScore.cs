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

    /// <summary>
    /// Predicted uplift on retention per action type (e.g. <c>csm_outreach</c>), from that type's
    /// champion uplift model (registry kind <c>uplift/&lt;action&gt;</c>). Empty when no uplift model
    /// exists yet or the score predates uplift scoring.
    /// </summary>
    public IReadOnlyDictionary<string, UpliftEstimate> Uplift { get; init; } = new Dictionary<string, UpliftEstimate>(StringComparer.Ordinal);

    /// <summary>
    /// LambdaRank score per action type for this account: higher = ranked earlier among this
    /// account's actions. Only the order within one account is meaningful, not the values across
    /// accounts. Empty when no ranking model exists yet.
    /// </summary>
    public IReadOnlyDictionary<string, double> RankScores { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The uplift model versions behind <see cref="Uplift"/>, comma-separated in action-type order (e.g. <c>uplift/csm_outreach-20261123-1,…</c>); null without uplift.</summary>
    public string? UpliftModelVersion { get; init; }

    /// <summary>The ranking model version behind <see cref="RankScores"/>; null without a ranking model.</summary>
    public string? RankModelVersion { get; init; }
}

public enum RiskTier { Low, Medium, High }

/// <summary>How much one feature pushed one prediction, and the feature's value then.</summary>
public sealed record FeatureContribution(string Feature, double? Value, double Contribution);
