using System.Diagnostics;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Models;

// Training: stratified train / calibration / test split, LightGBM, Platt on the calibration split,
// metrics on the untouched test split.
public sealed partial class ChurnModel
{
    /// <summary>Trains, calibrates and evaluates a churn model on labelled snapshots.</summary>
    public static ChurnModel Train(IReadOnlyList<ChurnExample> examples, ChurnTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var positives = examples.Count(e => e.Churned);
        if (examples.Count < 50)
            throw new ArgumentException($"examples: at least 50 are needed to train, calibrate and test; got {examples.Count}.", nameof(examples));
        if (positives < 5 || examples.Count - positives < 5)
            throw new ArgumentException($"examples: at least 5 churned and 5 retained accounts are needed; got {positives} churned of {examples.Count}.", nameof(examples));
        if (options.TrainFraction is <= 0.2 or >= 0.95)
            throw new ArgumentOutOfRangeException(nameof(options), options.TrainFraction, "TrainFraction must be between 0.2 and 0.95.");

        var clock = Stopwatch.StartNew();
        var featureNames = FeatureBuilder.FeatureNames;
        var (train, calibration, test) = Split(examples, options);

        var trees = Gbm.FitBinary(
            [.. train.Select(e => FeatureBuilder.ToVector(e.Features))], [.. train.Select(e => e.Churned)],
            new GbmOptions
            {
                Seed = options.Seed, Trees = options.Trees, Leaves = options.Leaves, LearningRate = options.LearningRate,
                MinExamplesPerLeaf = options.MinExamplesPerLeaf, L2Regularization = 1.0, FeatureFraction = 0.9, Threads = 1,
            });
        var uncalibrated = new ChurnModel(trees, options.Version, featureNames, new PlattScaling(-1, 0), EmptyMetrics);
        var calibrationScores = RawScores(uncalibrated, calibration);
        var platt = PlattScaling.Fit(calibrationScores, calibration.Select(e => e.Churned).ToList());

        var testScores = RawScores(uncalibrated, test);
        var testProbabilities = testScores.Select(platt.Apply).ToList();
        var testLabels = test.Select(e => e.Churned).ToList();
        var metrics = new ChurnMetrics(
            RocAuc: BinaryMetrics.RocAuc(testProbabilities, testLabels),
            PrAuc: BinaryMetrics.PrAuc(testProbabilities, testLabels),
            Brier: BinaryMetrics.Brier(testProbabilities, testLabels),
            LogLoss: BinaryMetrics.LogLoss(testProbabilities, testLabels),
            TrainCount: train.Count,
            CalibrationCount: calibration.Count,
            TestCount: test.Count,
            TestPositiveRate: testLabels.Count(l => l) / (double)test.Count,
            TrainingSeconds: clock.Elapsed.TotalSeconds);
        return new ChurnModel(trees, options.Version, featureNames, platt, metrics)
        {
            HeldOut = new Drift.HeldOutPredictions(testProbabilities, testLabels),
        };
    }

    private static readonly ChurnMetrics EmptyMetrics = new(double.NaN, double.NaN, double.NaN, double.NaN, 0, 0, 0, double.NaN, 0);

    /// <summary>Stratified split, so each part keeps the churn rate even on small data (the same rows for the same examples and options: the log retrainer judges the champion on the test part).</summary>
    internal static (List<ChurnExample> Train, List<ChurnExample> Calibration, List<ChurnExample> Test) Split(
        IReadOnlyList<ChurnExample> examples, ChurnTrainingOptions options)
    {
        var rng = new Random(options.Seed);
        List<ChurnExample> train = [], calibration = [], test = [];
        foreach (var group in new[] { examples.Where(e => e.Churned).ToArray(), examples.Where(e => !e.Churned).ToArray() })
        {
            rng.Shuffle(group);
            var trainCount = (int)Math.Round(group.Length * options.TrainFraction);
            var calibrationCount = (group.Length - trainCount) / 2;
            train.AddRange(group[..trainCount]);
            calibration.AddRange(group[trainCount..(trainCount + calibrationCount)]);
            test.AddRange(group[(trainCount + calibrationCount)..]);
        }
        return (train, calibration, test);
    }

    private static List<double> RawScores(ChurnModel model, List<ChurnExample> examples) =>
        examples.Select(e => model.RawScore(FeatureBuilder.ToVector(e.Features))).ToList();
}
