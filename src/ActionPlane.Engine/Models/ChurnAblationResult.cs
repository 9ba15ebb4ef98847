namespace ActionPlane.Engine.Models;

/// <summary>
/// The cross-validation without one feature group, against the one with all features. Deltas are
/// means of the per-fold paired differences (without − with): a negative ΔROC-AUC or ΔPR-AUC and a
/// positive ΔBrier mean the group helped.
/// </summary>
/// <param name="RocAuc">Mean fold ROC-AUC without the group.</param>
/// <param name="DeltaRocAucSe">Standard error of <paramref name="DeltaRocAuc"/> over folds.</param>
public sealed record ChurnAblationResult(FeatureGroup Group, double RocAuc, double DeltaRocAuc, double DeltaRocAucSe,
    double DeltaPrAuc, double DeltaBrier, double Seconds)
{
    /// <summary>|ΔROC-AUC| below 2 standard errors (or exactly 0): the folds cannot tell the group's loss from noise.</summary>
    public bool WithinNoise => DeltaRocAuc == 0 || Math.Abs(DeltaRocAuc) < 2 * DeltaRocAucSe;
}
