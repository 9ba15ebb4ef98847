namespace ActionPlane.Engine.Training;

/// <summary>When the product retrains uplift from its own log without being asked (<c>ActionPlane:Retraining</c>).</summary>
public sealed record ScheduledRetrainOptions
{
    /// <summary>Off by default in code (tests, the CLI); the Web app's appsettings turn it on.</summary>
    public bool Enabled { get; init; }
    /// <summary>How often the app looks whether a run is due; the run itself is far rarer.</summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromHours(1);
    /// <summary>The time since the last run (of any trigger) after which a run is due.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromDays(7);
    /// <summary>Labelled examples observed since the last run that a run needs, whatever triggered it: no retraining on the same data.</summary>
    public int MinNewExamples { get; init; } = 200;
    /// <summary>
    /// Expected calibration error of the churn champion on recent outcomes minus its training ECE above
    /// which the run does not wait for <see cref="Interval"/> (issue 4: "calibration drift over 5 points
    /// should trigger retraining"); 0 turns the early trigger off.
    /// </summary>
    public double CalibrationDriftTrigger { get; init; } = 0.05;
    /// <summary>
    /// Training ROC-AUC of the churn champion minus its ROC-AUC over the last weeks of decisions
    /// (<see cref="Models.Drift.RecentAuc"/>) above which the run does not wait for <see cref="Interval"/>
    /// (issue 4: "weekly AUC monitoring and retraining triggers"); checked after the calibration trigger; 0 turns it off.
    /// </summary>
    public double AucDropTrigger { get; init; } = 0.05;
    /// <summary>Passed to <see cref="UpliftRetrainOptions.MinRowsPerArm"/>.</summary>
    public int MinRowsPerArm { get; init; } = 30;
    /// <summary>Passed to <see cref="ChurnRetrainOptions.MinRows"/> when a churn trigger also retrains churn.</summary>
    public int MinChurnRows { get; init; } = ChurnRetrainOptions.DefaultMinRows;

    public void Validate()
    {
        if (CheckEvery <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(CheckEvery), CheckEvery, "CheckEvery must be positive.");
        if (Interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "Interval must be positive.");
        if (MinNewExamples < 1)
            throw new ArgumentOutOfRangeException(nameof(MinNewExamples), MinNewExamples, "MinNewExamples must be at least 1.");
        if (CalibrationDriftTrigger is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(CalibrationDriftTrigger), CalibrationDriftTrigger, "CalibrationDriftTrigger must be in [0, 1) (0 = off).");
        if (AucDropTrigger is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(AucDropTrigger), AucDropTrigger, "AucDropTrigger must be in [0, 1) (0 = off).");
        if (MinRowsPerArm < 10)
            throw new ArgumentOutOfRangeException(nameof(MinRowsPerArm), MinRowsPerArm, "MinRowsPerArm must be at least 10 (the learners' own floor).");
        if (MinChurnRows < ChurnRetrainOptions.MinRowsFloor)
            throw new ArgumentOutOfRangeException(nameof(MinChurnRows), MinChurnRows, $"MinChurnRows must be at least {ChurnRetrainOptions.MinRowsFloor} (the churn model's own floor).");
    }
}
