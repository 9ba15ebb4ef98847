namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// A reliability diagram: predictions grouped into equal-width probability bins, each bin's mean
/// prediction against its observed positive rate, and the expected calibration error over them.
/// </summary>
public sealed record ReliabilityCurve(IReadOnlyList<ReliabilityBin> Bins, double Ece, int Count)
{
    public const int DefaultBins = 10;

    public static ReliabilityCurve Of(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count == 0)
            return new ReliabilityCurve([], 0, 0);
        var groups = probabilities.Select((p, i) => (P: Math.Clamp(p, 0, 1), Y: labels[i]))
            .GroupBy(x => Math.Min(bins - 1, (int)(x.P * bins)))
            .OrderBy(g => g.Key)
            .Select(g => new ReliabilityBin(g.Key / (double)bins, (g.Key + 1) / (double)bins, g.Average(x => x.P), g.Count(x => x.Y) / (double)g.Count(), g.Count()))
            .ToList();
        // The same ECE the training metrics report, so the two numbers compare.
        return new ReliabilityCurve(groups, CalibrationError.Ece(probabilities, labels, bins), probabilities.Count);
    }
}

/// <summary>One probability bin [From, To): how many predictions fell in it, their mean, and how often the event happened.</summary>
public sealed record ReliabilityBin(double From, double To, double MeanPredicted, double ObservedRate, int Count);
