namespace ActionPlane.Engine.Models;

/// <summary>Expected calibration error: how far predicted probabilities are from observed rates.</summary>
public static class CalibrationError
{
    /// <summary>
    /// ECE over <paramref name="bins"/> equal-width probability bins: Σ (n_bin / n) · |mean(p) − mean(y)|.
    /// A probability of exactly 1 falls in the last bin.
    /// </summary>
    public static double Ece(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count != labels.Count || probabilities.Count == 0)
            throw new ArgumentException($"probabilities ({probabilities.Count}) and labels ({labels.Count}) must be equally many and not empty.", nameof(labels));
        if (bins < 1)
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be at least 1.");
        var sumP = new double[bins];
        var sumY = new double[bins];
        var count = new int[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 0, 1);
            var b = Math.Min(bins - 1, (int)(p * bins));
            sumP[b] += p;
            sumY[b] += labels[i] ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        for (var b = 0; b < bins; b++)
            if (count[b] > 0)
                ece += Math.Abs(sumP[b] - sumY[b]) / probabilities.Count;
        return ece;
    }
}
