using ActionPlane.Engine.Decisioning;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Why an action was proposed, in words a CSM can check: the signal that triggered it, the model's top
/// drivers, a PII-free sentence an end user may see under "Why am I seeing this?", and the full
/// <see cref="DecisionTrace"/> (null on proposals recorded before traces existed).
/// </summary>
public sealed record ProposalExplanation(
    string Summary,
    string TriggeringSignal,
    IReadOnlyList<ExplanationDriver> Drivers,
    string UserFacingWhy,
    DecisionTrace? Trace = null);

/// <summary>One feature behind the churn score: its name, value then, contribution, and the same in words.</summary>
public sealed record ExplanationDriver(string Feature, double? Value, double Contribution, string Description);

/// <summary>
/// The numbers a proposal was ranked by: expected incremental value = <see cref="Uplift"/> ×
/// <see cref="ValueAtStake"/> − <see cref="Cost"/> − <see cref="UncertaintyPenalty"/>. With
/// <see cref="Basis"/> <c>baseline_heuristic</c> (no uplift estimate) the uplift is churn probability ×
/// <see cref="AssumedEffectiveness"/> (see <see cref="BaselineValueHeuristic"/>); older proposals
/// carry only the first five numbers.
/// </summary>
public sealed record ProposalScores(
    double ChurnProbability,
    double AssumedEffectiveness,
    decimal ValueAtStake,
    decimal Cost,
    decimal ExpectedValue,
    double? Uplift = null,
    double? UpliftStdError = null,
    decimal UncertaintyPenalty = 0,
    string Basis = ProposalScores.BaselineBasis)
{
    public const string UpliftBasis = "uplift_model";
    public const string BaselineBasis = "baseline_heuristic";
}
