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
    /// <summary>
    /// Fits a binary classifier; the trees predict P(positive) per row. With
    /// <see cref="GbmOptions.EarlyStoppingRounds"/> the tree count is first found on a held-out part
    /// of these rows, then the final fit uses all of them.
    /// </summary>
    public static GbmTrees FitBinary(float[][] features, bool[] labels, GbmOptions options)
    {
        Check(features, labels.Length);
        if (options.EarlyStoppingRounds > 0)
            options = options with { Trees = EarlyStoppedTreeCount(features, labels, options), EarlyStoppingRounds = 0 };
        return FitBinary(features, labels, options, validation: null);
    }

    private static GbmTrees FitBinary(float[][] features, bool[] labels, GbmOptions options, (float[][] Features, bool[] Labels)? validation)
    {
        var ml = new MLContext(options.Seed);
        var width = features[0].Length;
        return WithoutEmptyTailTree(options.Trees, trees =>
        {
            var trainer = ml.BinaryClassification.Trainers.LightGbm(Configure(new LightGbmBinaryTrainer.Options
            {
                HandleMissingValue = true,
                EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.Logloss,
                EarlyStoppingRound = validation is null ? 0 : options.EarlyStoppingRounds,
            }, options with { Trees = trees }));
            var model = validation is { } v
                ? trainer.Fit(BinaryView(ml, features, labels, width), BinaryView(ml, v.Features, v.Labels, width)).Model
                : trainer.Fit(BinaryView(ml, features, labels, width)).Model;
            return GbmTrees.From(model.SubModel.TrainedTreeEnsemble, width, GbmLink.Logistic, model.Calibrator.Slope, model.Calibrator.Offset);
        }, () => GbmTrees.Constant(width, LogOdds.Of(labels.Count(l => l) / (double)labels.Length), GbmLink.Logistic));
    }

    /// <summary>Trees kept by early stopping on a stratified, seeded hold-out of the given rows, scaled up to all rows.</summary>
    private static int EarlyStoppedTreeCount(float[][] features, bool[] labels, GbmOptions options)
    {
        if (options.ValidationFraction is <= 0 or >= 0.5)
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, "ValidationFraction must be in (0, 0.5).");
        var rng = new Random(options.Seed ^ 0x5EED);
        var held = new bool[labels.Length];
        foreach (var cls in new[] { true, false })
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == cls).ToArray();
            rng.Shuffle(members);
            foreach (var i in members.Take((int)Math.Round(members.Length * options.ValidationFraction)))
                held[i] = true;
        }
        float[][] Pick(bool h) => [.. features.Where((_, i) => held[i] == h)];
        bool[] PickLabels(bool h) => [.. labels.Where((_, i) => held[i] == h)];
        var trees = FitBinary(Pick(false), PickLabels(false), options, (Pick(true), PickLabels(true)));
        // All rows hold 1/(1 − fraction) times as many: each tree then moves a little more, so allow as many more trees.
        return Math.Max(1, (int)Math.Round(trees.TreeCount / (1 - options.ValidationFraction)));
    }

    private static IDataView BinaryView(MLContext ml, float[][] features, bool[] labels, int width) =>
        ml.Data.LoadFromEnumerable(GbmTrees.WithMissingMarked(features).Select((f, i) => new BinaryRow { Label = labels[i], Features = f }), Schema<BinaryRow>(width));

    /// <summary>Fits a least-squares regressor (used for uplift pseudo-outcomes), optionally with a weight per row.</summary>
    public static GbmTrees FitRegression(float[][] features, double[] targets, GbmOptions options, double[]? weights = null)
    {
        Check(features, targets.Length);
        if (weights is not null && weights.Length != targets.Length)
            throw new ArgumentException($"weights ({weights.Length}) and targets ({targets.Length}) must be equally many.", nameof(weights));
        var ml = new MLContext(options.Seed);
        var width = features[0].Length;
        var rows = GbmTrees.WithMissingMarked(features).Select((f, i) => new RegressionRow { Label = (float)targets[i], Weight = weights is null ? 1 : (float)weights[i], Features = f });
        return WithoutEmptyTailTree(options.Trees, trees =>
        {
            var trainer = ml.Regression.Trainers.LightGbm(Configure(new LightGbmRegressionTrainer.Options
            {
                HandleMissingValue = true,
                ExampleWeightColumnName = nameof(RegressionRow.Weight),
            }, options with { Trees = trees }));
            var model = trainer.Fit(ml.Data.LoadFromEnumerable(rows, Schema<RegressionRow>(width))).Model;
            return GbmTrees.From(model.TrainedTreeEnsemble, width);
        }, () => GbmTrees.Constant(width, WeightedMean(targets, weights), GbmLink.Identity));
    }

    /// <summary>
    /// Fits with <paramref name="trees"/> iterations; when ML.NET cannot convert the result, fits again
    /// with the most iterations it can. Why: when LightGBM runs out of splits it ends with a one-leaf tree
    /// of value 0, and ML.NET throws converting such a tree (an ArgumentNullException in
    /// FastTree.RegressionTreeBase or, from the same null, in FastTree.TreeEnsemble's constructor;
    /// dotnet/machinelearning#5022). LightGBM is deterministic here, so
    /// fewer iterations give the same leading trees; the search drops only the empty tail, which adds
    /// nothing to any prediction. Without any tree the model is the constant LightGBM starts from.
    /// </summary>
    private static GbmTrees WithoutEmptyTailTree(int trees, Func<int, GbmTrees> fit, Func<GbmTrees> constant)
    {
        GbmTrees? TryFit(int count)
        {
            try
            {
                return fit(count);
            }
            catch (ArgumentNullException e) when (e.StackTrace?.Contains("Microsoft.ML.Trainers.FastTree.", StringComparison.Ordinal) == true)
            {
                return null;
            }
        }

        // Seen only now and then, in test runs training many models at once: so the same fit is tried
        // once more before iterations are dropped.
        if ((TryFit(trees) ?? TryFit(trees)) is { } full)
            return full;
        // Invariant: lo iterations convert (0 = the constant), hi do not.
        var (lo, hi, best) = (0, trees, (GbmTrees?)null);
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            if (TryFit(mid) is { } model)
                (lo, best) = (mid, model);
            else
                hi = mid;
        }
        return best ?? constant();
    }

    /// <summary>
    /// The LightGBM settings every trainer here shares (binary, regression, LambdaRank), in one place.
    /// ML.NET gives its option classes no common non-generic base, hence the type parameters.
    /// </summary>
    internal static TOptions Configure<TOptions, TOutput, TTransformer, TModel>(
        LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase settings, GbmOptions options, double? minChildWeight = null)
        where TOptions : LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        settings.NumberOfIterations = options.Trees;
        settings.NumberOfLeaves = options.Leaves;
        settings.LearningRate = options.LearningRate;
        settings.MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf;
        settings.Seed = options.Seed;
        settings.Deterministic = true;
        settings.NumberOfThreads = options.Threads;
        settings.Silent = true;
        var booster = new GradientBooster.Options
        {
            L2Regularization = options.L2Regularization,
            FeatureFraction = options.FeatureFraction,
            SubsampleFraction = options.SubsampleFraction,
            SubsampleFrequency = options.SubsampleFraction < 1 ? 1 : 0,
        };
        if (minChildWeight is { } weight)
            booster.MinimumChildWeight = weight;
        settings.Booster = booster;
        return (TOptions)settings;
    }

    private static double WeightedMean(double[] targets, double[]? weights)
    {
        if (weights is null)
            return targets.Average();
        var total = weights.Sum();
        return total > 0 ? targets.Select((t, i) => t * weights[i]).Sum() / total : targets.Average();
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
