using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// LightGBM settings of the uplift meta-learners: the outcome (nuisance) models and the effect
/// models that regress pseudo-outcomes. The seed is set per fit.
/// </summary>
public sealed record UpliftLearnerOptions
{
    public static UpliftLearnerOptions Default { get; } = new();

    /// <summary>Outcome models: shallow trees, enough rows per leaf for noisy binary outcomes.</summary>
    public GbmOptions Outcome { get; init; } = new() { Trees = 300, Leaves = 4, LearningRate = 0.05, MinExamplesPerLeaf = 50 };

    /// <summary>Effect models regress noisy pseudo-outcomes, so they are kept smoother than outcome models.</summary>
    // Stumps (an additive effect model) measured best on generator data among a few settings tried.
    // Deeper effect trees (3–4 leaves, min leaf 200) measured no better at 20k accounts. 80 rather than
    // 200 trees (stronger shrinkage towards a constant log-odds shift) raised the log-odds DR learner's
    // Qini on seeds 1–3 most for actions whose effect is weak beside the baseline risk (docs/benchmarks.md).
    public GbmOptions Effect { get; init; } = new() { Trees = 80, Leaves = 2, LearningRate = 0.05, MinExamplesPerLeaf = 100 };

    /// <summary>
    /// Folds of the DR learners' cross-fitting: each row's pseudo-outcome comes from outcome models
    /// fitted on the other folds, so more folds give those models more rows (and cost more fits).
    /// </summary>
    public int CrossFitFolds { get; init; } = 2;

    /// <summary>
    /// When set, the log-odds DR learner keeps the count of effect stumps among these that
    /// cross-validates best on its training rows (<see cref="EffectTreeCount"/>) instead of <see cref="Effect"/>'s.
    /// </summary>
    public IReadOnlyList<int>? EffectTreeChoices { get; init; }
}
