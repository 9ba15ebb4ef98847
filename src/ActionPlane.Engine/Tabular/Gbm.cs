using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Thin LightGBM (ML.NET) fitting on dense float rows, for the tabular churn and uplift learners.
/// Missing values are NaN; see <see cref="GbmTrees.Missing"/> for how the trees see them.
/// </summary>
public static class Gbm
{
    /// <summary>Fits a binary classifier; the trees predict P(positive) per row.</summary>
    public static GbmTrees FitBinary(float[][] features, bool[] labels, GbmOptions options)
    {
        Check(features, labels.Length);
        var ml = new MLContext(options.Seed);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            HandleMissingValue = true,
            Seed = options.Seed,
            Deterministic = true,
            NumberOfThreads = options.Threads,
            Silent = true,
            Booster = new GradientBooster.Options { L2Regularization = options.L2Regularization, FeatureFraction = options.FeatureFraction },
        });
        var width = features[0].Length;
        var rows = GbmTrees.WithMissingMarked(features).Select((f, i) => new BinaryRow { Label = labels[i], Features = f });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(rows, Schema<BinaryRow>(width))).Model;
        return GbmTrees.From(model.SubModel.TrainedTreeEnsemble, width, GbmLink.Logistic, model.Calibrator.Slope, model.Calibrator.Offset);
    }

    /// <summary>Fits a least-squares regressor (used for uplift pseudo-outcomes), optionally with a weight per row.</summary>
    public static GbmTrees FitRegression(float[][] features, double[] targets, GbmOptions options, double[]? weights = null)
    {
        Check(features, targets.Length);
        if (weights is not null && weights.Length != targets.Length)
            throw new ArgumentException($"weights ({weights.Length}) and targets ({targets.Length}) must be equally many.", nameof(weights));
        var ml = new MLContext(options.Seed);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            HandleMissingValue = true,
            Seed = options.Seed,
            Deterministic = true,
            NumberOfThreads = options.Threads,
            Silent = true,
            Booster = new GradientBooster.Options { L2Regularization = options.L2Regularization, FeatureFraction = options.FeatureFraction },
            ExampleWeightColumnName = nameof(RegressionRow.Weight),
        });
        var width = features[0].Length;
        var rows = GbmTrees.WithMissingMarked(features).Select((f, i) => new RegressionRow { Label = (float)targets[i], Weight = weights is null ? 1 : (float)weights[i], Features = f });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(rows, Schema<RegressionRow>(width))).Model;
        return GbmTrees.From(model.TrainedTreeEnsemble, width);
    }

    private static void Check(float[][] features, int labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length == 0 || features.Length != labels)
            throw new ArgumentException($"features ({features.Length}) and labels ({labels}) must be equally many and not empty.", nameof(features));
    }

    private static SchemaDefinition Schema<T>(int width)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    /// <summary>ML.NET input rows, bound by reflection.</summary>
    private sealed class BinaryRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }
        public float Weight { get; set; }
        public float[] Features { get; set; } = [];
    }
}
