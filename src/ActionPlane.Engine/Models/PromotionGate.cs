using System.Globalization;

namespace ActionPlane.Engine.Models;

/// <summary>
/// Decides whether a new churn model may replace the champion: it must rank well on its own
/// (ROC-AUC at least <see cref="MinimumRocAuc"/>), beat the base-rate forecast on Brier score, and
/// not rank worse than the champion by more than <see cref="AllowedAucDrop"/>.
/// </summary>
public static class PromotionGate
{
    public const double MinimumRocAuc = 0.65;
    public const double AllowedAucDrop = 0.01;
    /// <summary>How much lower an uplift challenger's normalised Qini may be than the champion's.</summary>
    public const double AllowedQiniDrop = 0.005;

    /// <summary>Null when the candidate may be promoted, otherwise the reason it may not.</summary>
    public static string? Check(ChurnMetrics candidate, IReadOnlyDictionary<string, double>? championMetrics)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var c = CultureInfo.InvariantCulture;
        if (double.IsNaN(candidate.RocAuc) || candidate.RocAuc < MinimumRocAuc)
            return string.Create(c, $"ROC-AUC {candidate.RocAuc:F3} is below the minimum {MinimumRocAuc:F2}.");
        var baseRateBrier = candidate.TestPositiveRate * (1 - candidate.TestPositiveRate);
        if (!(candidate.Brier < baseRateBrier))
            return string.Create(c, $"Brier {candidate.Brier:F3} does not beat the base-rate forecast ({baseRateBrier:F3}).");
        if (championMetrics is not null && championMetrics.TryGetValue("roc_auc", out var championAuc) && candidate.RocAuc < championAuc - AllowedAucDrop)
            return string.Create(c, $"ROC-AUC {candidate.RocAuc:F3} is worse than the champion's {championAuc:F3}.");
        return null;
    }

    /// <summary>
    /// Null when an uplift model may be promoted: its held-out normalised Qini must beat random
    /// targeting (&gt; 0) and not fall below the champion's by more than <see cref="AllowedQiniDrop"/>.
    /// </summary>
    public static string? CheckUplift(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? championMetrics)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var c = CultureInfo.InvariantCulture;
        if (!candidate.TryGetValue("qini_auc", out var qini) || !(qini > 0))
            return string.Create(c, $"Qini {qini:F4} does not beat random targeting.");
        if (championMetrics is not null && championMetrics.TryGetValue("qini_auc", out var championQini) && qini < championQini - AllowedQiniDrop)
            return string.Create(c, $"Qini {qini:F4} is worse than the champion's {championQini:F4}.");
        return null;
    }
}
