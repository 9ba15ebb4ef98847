namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// How far the population a model version scores now has moved from its training data (PSI per
/// feature), how well its probabilities match recent outcomes compared with training, and how well it
/// ranked churners week by week (<see cref="Weekly"/>, <see cref="RecentAuc"/>).
/// </summary>
public sealed record DriftReport(
    string Version,
    DateTimeOffset ComputedAt,
    bool HasBaseline,
    int ScoredAccounts,
    IReadOnlyList<FeaturePsi> Features,
    ReliabilityCurve? TrainingCalibration,
    ReliabilityCurve? RecentCalibration,
    IReadOnlyList<WeeklyPerformance> Weekly,
    RecentAuc RecentAuc)
{
    /// <summary>The largest PSI over the features; 0 with none.</summary>
    public double MaxPsi => Features.Count == 0 ? 0 : Features.Max(f => f.Psi);

    /// <summary>
    /// Recent outcomes before <see cref="RecentEce"/> is a number: the weekly metrics' minimum. Over a handful of
    /// outcomes ECE is mostly the distance of each score from 0 or 1 (one churner scored 0.30 gives 0.70), which
    /// reads as alarming miscalibration when it is only too little data.
    /// </summary>
    public const int MinRecentOutcomesForEce = WeeklyPerformance.MinLabelled;

    /// <summary>The ECE on recent outcomes; null without a curve or below <see cref="MinRecentOutcomesForEce"/> outcomes.</summary>
    public double? RecentEce => RecentCalibration is { } r && r.Count >= MinRecentOutcomesForEce ? r.Ece : null;

    /// <summary>
    /// Recent ECE minus training ECE: positive means the model got worse calibrated; null without both, or below
    /// <see cref="MinRecentOutcomesForEce"/> recent outcomes (the scheduled retrainer's calibration trigger reads this,
    /// and one churner scored 0.30 must not start a retrain).
    /// </summary>
    public double? EceChange => TrainingCalibration is { Count: > 0 } t && RecentEce is { } recent ? recent - t.Ece : null;

    /// <summary>Training ROC-AUC minus the recent weeks' ROC-AUC: positive means the model got worse at ranking churners; null without both.</summary>
    public double? AucDrop => RecentAuc.Drop;
}

/// <summary>One feature's stability: PSI with its band, and the training vs current share per bin (last bin = missing).</summary>
public sealed record FeaturePsi(string Feature, double Psi, string Band, IReadOnlyList<double> Edges, IReadOnlyList<double> Expected, IReadOnlyList<double> Actual);
