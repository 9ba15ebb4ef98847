using System.Diagnostics;
using ActionPlane.Engine.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

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
        var ml = NewContext(options.Seed);
        var featureNames = FeatureBuilder.FeatureNames;
        var (train, calibration, test) = Split(examples, options);

        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            HandleMissingValue = true,
            Seed = options.Seed,
            Deterministic = true,
            NumberOfThreads = 1,
            Silent = true,
            Booster = new GradientBooster.Options { L2Regularization = 1.0, FeatureFraction = 0.9 },
        });
        var trainData = ml.Data.LoadFromEnumerable(ToRows(train), RowSchema(featureNames.Count));
        var predictor = trainer.Fit(trainData);
        var contributions = ml.Transforms
            .CalculateFeatureContribution(predictor, numberOfPositiveContributions: featureNames.Count, numberOfNegativeContributions: featureNames.Count, normalize: false)
            .Fit(predictor.Transform(trainData));
        var pipeline = new TransformerChain<ITransformer>(predictor, contributions);

        var uncalibrated = new ChurnModel(ml, pipeline, trainData.Schema, options.Version, featureNames, new PlattScaling(-1, 0), EmptyMetrics);
        var calibrationScores = uncalibrated.Score(ToRows(calibration), withContributions: false).Scores;
        var platt = PlattScaling.Fit(calibrationScores, calibration.Select(e => e.Churned).ToList());

        var testScores = uncalibrated.Score(ToRows(test), withContributions: false).Scores;
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
        return new ChurnModel(ml, pipeline, trainData.Schema, options.Version, featureNames, platt, metrics)
        {
            HeldOut = new Drift.HeldOutPredictions(testProbabilities, testLabels),
        };
    }

    private static readonly ChurnMetrics EmptyMetrics = new(double.NaN, double.NaN, double.NaN, double.NaN, 0, 0, 0, double.NaN, 0);

    /// <summary>Stratified split, so each part keeps the churn rate even on small data.</summary>
    private static (List<ChurnExample> Train, List<ChurnExample> Calibration, List<ChurnExample> Test) Split(
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

    private static List<ChurnRow> ToRows(List<ChurnExample> examples) =>
        examples.Select(e => new ChurnRow { Label = e.Churned, Features = FeatureBuilder.ToVector(e.Features) }).ToList();
}
