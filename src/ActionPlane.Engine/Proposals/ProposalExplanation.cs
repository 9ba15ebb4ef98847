namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Why an action was proposed, in words a CSM can check: the signal that triggered it, the model's top
/// drivers, and a PII-free sentence an end user may see under "Why am I seeing this?".
/// </summary>
public sealed record ProposalExplanation(
    string Summary,
    string TriggeringSignal,
    IReadOnlyList<ExplanationDriver> Drivers,
    string UserFacingWhy);

/// <summary>One feature behind the churn score: its name, value then, contribution, and the same in words.</summary>
public sealed record ExplanationDriver(string Feature, double? Value, double Contribution, string Description);

/// <summary>The numbers a proposal was ranked by (see <see cref="BaselineValueHeuristic"/>).</summary>
public sealed record ProposalScores(
    double ChurnProbability,
    double AssumedEffectiveness,
    decimal ValueAtStake,
    decimal Cost,
    decimal ExpectedValue);
