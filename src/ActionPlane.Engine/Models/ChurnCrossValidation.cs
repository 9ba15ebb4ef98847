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
        foreach (var (k, train, test) in Tabular.StratifiedFolds.Splits(fold, folds))
        {
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
            CalibrationError.Ece(outOfFold, labels), labels.Length, positives / (double)labels.Length, folds, outOfFold, clock.Elapsed.TotalSeconds, trees, prs, briers);
    }

    /// <summary>
    /// What the features can carry at most: the mean fold ROC-AUC of a least-squares fit to the log-odds
    /// of the true probabilities (<paramref name="truth"/>, e.g. a generator's oracle column) instead of
    /// the 0/1 labels, on the same folds as <see cref="Run"/>. The fit still cannot see what the truth
    /// holds beyond the features (a generator's account-level noise), so the gap between the oracle's
    /// AUC and this one is out of any model's reach; the gap between this and <see cref="Run"/>'s is
    /// the learner's.
    /// </summary>
    public static double CeilingRocAuc(float[][] features, bool[] labels, IReadOnlyList<double> truth, int folds, GbmOptions options)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var logOdds = truth.Select(p => LogOdds.Of(p)).ToArray();
        var aucs = new List<double>();
        foreach (var (_, train, test) in Tabular.StratifiedFolds.Splits(StratifiedFolds(labels, folds, options.Seed), folds))
        {
            var model = Gbm.FitRegression(train.Select(i => features[i]).ToArray(), train.Select(i => logOdds[i]).ToArray(), options with { EarlyStoppingRounds = 0 });
            aucs.Add(BinaryMetrics.RocAuc(model.PredictMany(test.Select(i => features[i]).ToArray()), test.Select(i => labels[i]).ToArray()));
        }
        return aucs.Average();
    }


    /// <summary>Fold of each row, stratified by class (churners first, as the folds have always been dealt).</summary>
    public static int[] StratifiedFolds(IReadOnlyList<bool> labels, int folds, int seed) =>
        Tabular.StratifiedFolds.Assign(labels.Select(l => l ? 0 : 1).ToArray(), folds, seed);
}
