namespace ActionPlane.Engine.Training;

/// <summary>How <see cref="ChurnRetrainer"/> learns churn from the log.</summary>
public sealed record ChurnRetrainOptions
{
    /// <summary>
    /// Untreated account-decisions with a retention label a run needs. The model splits them 60/20/20
    /// (fit, Platt calibration, test), so a few hundred leave a test split that can say something.
    /// </summary>
    public int MinRows { get; init; } = DefaultMinRows;
    /// <summary>The default of <see cref="MinRows"/>, for the CLI, the API and the scheduled run alike.</summary>
    public const int DefaultMinRows = 200;
    /// <summary>Seeds the split and LightGBM, as the demo seeder's training does.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Store the trained model in the registry as a challenger.</summary>
    public bool Register { get; init; }
    /// <summary>
    /// With <see cref="Register"/>: a challenger <see cref="Models.PromotionGate.Check"/> accepts becomes
    /// the champion in the same transaction that registers it (the scheduled loop); off, promotion stays
    /// a separate step.
    /// </summary>
    public bool PromoteWhenGatePasses { get; init; }
    /// <summary>What started the run, recorded on <see cref="RetrainRun.Trigger"/> (see <see cref="RetrainTriggers"/>).</summary>
    public string Trigger { get; init; } = RetrainTriggers.Manual;

    /// <summary>Each class (churned, retained) needs this many rows: fewer leave the calibration or test split with one or two of them.</summary>
    public const int MinRowsPerClass = 10;
    /// <summary><see cref="Models.ChurnModel.Train"/>'s own floor.</summary>
    public const int MinRowsFloor = 50;

    public void Validate()
    {
        if (MinRows < MinRowsFloor)
            throw new ArgumentOutOfRangeException(nameof(MinRows), MinRows, $"min rows must be at least {MinRowsFloor} (the churn model's own floor for fit, calibration and test).");
        if (PromoteWhenGatePasses && !Register)
            throw new ArgumentException("PromoteWhenGatePasses: only a registered challenger can be promoted; set Register too.", nameof(PromoteWhenGatePasses));
    }
}
