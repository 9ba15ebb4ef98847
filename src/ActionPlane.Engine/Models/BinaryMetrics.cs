namespace ActionPlane.Engine.Models;

/// <summary>Metrics of probabilistic binary predictions, computed exactly (no curve sampling).</summary>
public static class BinaryMetrics
{
    /// <summary>ROC-AUC as the Mann–Whitney statistic; ties count one half.</summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
                end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
                if (labels[order[k]])
                    rankSum += averageRank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>PR-AUC as average precision (the step-wise area under the precision–recall curve).</summary>
    public static double PrAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var positives = labels.Count(l => l);
        if (positives == 0)
            return double.NaN;
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double truePositives = 0, area = 0;
        for (var start = 0; start < order.Length;)
        {
            // Tied scores form one threshold.
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
                end++;
            var newPositives = 0;
            for (var k = start; k <= end; k++)
                if (labels[order[k]])
                    newPositives++;
            truePositives += newPositives;
            area += newPositives / (double)positives * (truePositives / (end + 1));
            start = end + 1;
        }
        return area;
    }

    /// <summary>Mean squared error of the probabilities.</summary>
    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        Check(probabilities, labels);
        return probabilities.Select((p, i) => Math.Pow(p - (labels[i] ? 1 : 0), 2)).Average();
    }

    /// <summary>Mean negative log-likelihood in nats, probabilities clipped away from 0 and 1.</summary>
    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        Check(probabilities, labels);
        const double eps = 1e-15;
        return -probabilities.Select((p, i) =>
        {
            var q = Math.Clamp(p, eps, 1 - eps);
            return labels[i] ? Math.Log(q) : Math.Log(1 - q);
        }).Average();
    }

    private static void Check(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count)
            throw new ArgumentException($"scores ({scores.Count}) and labels ({labels.Count}) differ in length.", nameof(labels));
        if (scores.Count == 0)
            throw new ArgumentException("At least one prediction is needed.", nameof(scores));
    }
}
