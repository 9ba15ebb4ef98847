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

    /// <summary>Recent ECE minus training ECE: positive means the model got worse calibrated; null without both.</summary>
    public double? EceChange => TrainingCalibration is { Count: > 0 } t && RecentCalibration is { Count: > 0 } r ? r.Ece - t.Ece : null;

    /// <summary>Training ROC-AUC minus the recent weeks' ROC-AUC: positive means the model got worse at ranking churners; null without both.</summary>
    public double? AucDrop => RecentAuc.Drop;
}

/// <summary>One feature's stability: PSI with its band, and the training vs current share per bin (last bin = missing).</summary>
public sealed record FeaturePsi(string Feature, double Psi, string Band, IReadOnlyList<double> Edges, IReadOnlyList<double> Expected, IReadOnlyList<double> Actual);
