using System.Diagnostics;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Models;

/// <summary>Stratified k-fold cross-validation of LightGBM on a dense feature table.</summary>
public static class ChurnCrossValidation
{
    /// <summary>
    /// ROC-AUC, PR-AUC and Brier are means over folds (ROC-AUC also with its sample standard
    /// deviation); ECE is computed on the pooled out-of-fold probabilities, since its bins need rows.
    /// </summary>
    public static ChurnCrossValidationResult Run(float[][] features, bool[] labels, int folds, GbmOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (folds < 2)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "--folds must be at least 2.");
        var positives = labels.Count(l => l);
        var minority = Math.Min(positives, labels.Length - positives);
        if (minority == 0)
            throw new ArgumentException("The label has a single class; both classes are needed.", nameof(labels));
        if (minority < folds)
            throw new ArgumentException($"--folds {folds}: the rarer class has only {minority} rows; every fold needs at least one.", nameof(folds));

        var clock = Stopwatch.StartNew();
        var fold = StratifiedFolds(labels, folds, options.Seed);
        var outOfFold = new double[labels.Length];
        var aucs = new List<double>();
        var prs = new List<double>();
        var briers = new List<double>();
        var trees = new List<int>();
        for (var k = 0; k < folds; k++)
        {
            var train = Enumerable.Range(0, labels.Length).Where(i => fold[i] != k).ToArray();
            var test = Enumerable.Range(0, labels.Length).Where(i => fold[i] == k).ToArray();
            var model = Gbm.FitBinary(train.Select(i => features[i]).ToArray(), train.Select(i => labels[i]).ToArray(), options);
            trees.Add(model.TreeCount);
            var p = model.PredictMany(test.Select(i => features[i]).ToArray());
            var y = test.Select(i => labels[i]).ToArray();
            for (var j = 0; j < test.Length; j++)
                outOfFold[test[j]] = p[j];
            aucs.Add(BinaryMetrics.RocAuc(p, y));
            prs.Add(BinaryMetrics.PrAuc(p, y));
            briers.Add(BinaryMetrics.Brier(p, y));
        }
        var mean = aucs.Average();
        var std = Math.Sqrt(aucs.Sum(a => (a - mean) * (a - mean)) / (aucs.Count - 1));
        return new ChurnCrossValidationResult(aucs, mean, std, prs.Average(), briers.Average(),
            CalibrationError.Ece(outOfFold, labels), labels.Length, positives / (double)labels.Length, folds, outOfFold, clock.Elapsed.TotalSeconds, trees);
    }

    /// <summary>Fold of each row: each class shuffled with the seed and dealt round-robin.</summary>
    public static int[] StratifiedFolds(IReadOnlyList<bool> labels, int folds, int seed)
    {
        var rng = new Random(seed);
        var fold = new int[labels.Count];
        foreach (var cls in new[] { true, false })
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cls).ToArray();
            rng.Shuffle(members);
            for (var j = 0; j < members.Length; j++)
                fold[members[j]] = j % folds;
        }
        return fold;
    }
}
