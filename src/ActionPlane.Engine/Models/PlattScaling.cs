namespace ActionPlane.Engine.Models;

/// <summary>
/// Platt scaling: p = 1 / (1 + exp(A·score + B)), fitted on held-out scores so the probabilities
/// are calibrated rather than as over-confident as the training fit.
/// </summary>
public sealed record PlattScaling(double A, double B)
{
    public double Apply(double score) => 1 / (1 + Math.Exp(A * score + B));

    /// <summary>Fits A and B by Newton's method with Platt's smoothed targets (Lin, Lin &amp; Weng 2007).</summary>
    public static PlattScaling Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count || scores.Count == 0)
            throw new ArgumentException("Platt scaling needs equally many scores and labels, at least one.", nameof(scores));
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        var hiTarget = (positives + 1.0) / (positives + 2.0);
        var loTarget = 1.0 / (negatives + 2.0);
        var targets = labels.Select(l => l ? hiTarget : loTarget).ToArray();

        double a = 0, b = Math.Log((negatives + 1.0) / (positives + 1.0));
        const double sigma = 1e-12;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = 1 / (1 + Math.Exp(a * scores[i] + b));
                var d2 = p * (1 - p);
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                var d1 = targets[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }
            if (Math.Abs(g1) < 1e-7 && Math.Abs(g2) < 1e-7)
                break;
            var det = h11 * h22 - h21 * h21;
            var da = -(h22 * g1 - h21 * g2) / det;
            var db = -(-h21 * g1 + h11 * g2) / det;
            a += da;
            b += db;
            if (Math.Abs(da) < 1e-10 && Math.Abs(db) < 1e-10)
                break;
        }
        return new PlattScaling(a, b);
    }
}
