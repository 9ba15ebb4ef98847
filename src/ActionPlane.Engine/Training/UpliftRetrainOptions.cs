namespace ActionPlane.Engine.Training;

/// <summary>How <see cref="UpliftRetrainer"/> learns from the log.</summary>
public sealed record UpliftRetrainOptions
{
    /// <summary>Action types to retrain; empty = every action type with labelled rows.</summary>
    public IReadOnlyList<string> ActionTypes { get; init; } = [];
    /// <summary>
    /// Labelled rows each arm (treated, control) needs before a model is fitted: the learners split
    /// the rows three ways (fit, validation, test), so fewer leave nothing to learn or judge on.
    /// </summary>
    public int MinRowsPerArm { get; init; } = 30;
    /// <summary>Share of the rows held out to evaluate the challenger (and the champion) on.</summary>
    public double TestFraction { get; init; } = 0.3;
    public int Seed { get; init; } = 17;
    /// <summary>Store the trained models in the registry as challengers.</summary>
    public bool Register { get; init; }
    /// <summary>
    /// With <see cref="Register"/>: a challenger the promotion gate accepts becomes the champion in the
    /// same transaction that registers it (the scheduled loop); off, promotion stays a separate step.
    /// </summary>
    public bool PromoteWhenGatePasses { get; init; }
    /// <summary>What started the run, recorded on <see cref="RetrainRun.Trigger"/> (see <see cref="RetrainTriggers"/>).</summary>
    public string Trigger { get; init; } = RetrainTriggers.Manual;

    public void Validate()
    {
        if (MinRowsPerArm < 10)
            throw new ArgumentOutOfRangeException(nameof(MinRowsPerArm), MinRowsPerArm, "min rows per arm must be at least 10 (the learners' own floor).");
        if (TestFraction is <= 0.05 or >= 0.95)
            throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "test fraction must be between 0.05 and 0.95.");
        if (PromoteWhenGatePasses && !Register)
            throw new ArgumentException("PromoteWhenGatePasses: only a registered challenger can be promoted; set Register too.", nameof(PromoteWhenGatePasses));
    }
}
