namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// How far the population a model version scores now has moved from its training data (PSI per
/// feature) and how well its probabilities match recent outcomes compared with training.
/// </summary>
public sealed record DriftReport(
    string Version,
    DateTimeOffset ComputedAt,
    bool HasBaseline,
    int ScoredAccounts,
    IReadOnlyList<FeaturePsi> Features,
    ReliabilityCurve? TrainingCalibration,
    ReliabilityCurve? RecentCalibration)
{
    /// <summary>The largest PSI over the features; 0 with none.</summary>
    public double MaxPsi => Features.Count == 0 ? 0 : Features.Max(f => f.Psi);

    /// <summary>Recent ECE minus training ECE: positive means the model got worse calibrated; null without both.</summary>
    public double? EceChange => TrainingCalibration is { Count: > 0 } t && RecentCalibration is { Count: > 0 } r ? r.Ece - t.Ece : null;
}

/// <summary>One feature's stability: PSI with its band, and the training vs current share per bin (last bin = missing).</summary>
public sealed record FeaturePsi(string Feature, double Psi, string Band, IReadOnlyList<double> Edges, IReadOnlyList<double> Expected, IReadOnlyList<double> Actual);
