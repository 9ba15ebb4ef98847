using ActionPlane.Engine.Tabular;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace ActionPlane.Engine.Ranking;

/// <summary>LightGBM LambdaRank (ML.NET <c>Ranking.Trainers.LightGbm</c>); the trees score one row at a time.</summary>
public static class LambdaRanker
{
    /// <summary>Trains on LETOR data, densified to <paramref name="width"/> features.</summary>
    public static GbmTrees Train(LetorData train, int width, RankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Fit(train.Dense(width), [.. train.Labels], [.. train.Groups], options);
    }

    /// <summary>
    /// Trains on dense rows whose consecutive runs of <paramref name="groups"/> sizes form one query
    /// each; <paramref name="labels"/> are graded relevances (higher = should rank earlier).
    /// </summary>
    public static GbmTrees Fit(float[][] rows, float[] labels, int[] groups, RankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Length == 0 || rows.Length != labels.Length || groups.Sum() != rows.Length)
            throw new ArgumentException($"rows ({rows.Length}), labels ({labels.Length}) and group sizes (sum {groups.Sum()}) disagree.");
        var width = rows[0].Length;
        var ml = new MLContext(options.Seed);
        var marked = GbmTrees.WithMissingMarked(rows);
        var data = new List<RankRow>(rows.Length);
        var r = 0;
        for (var g = 0; g < groups.Length; g++)
            for (var j = 0; j < groups[g]; j++, r++)
                data.Add(new RankRow { Label = labels[r], GroupId = (uint)(g + 1), Features = marked[r] });
        var schema = SchemaDefinition.Create(typeof(RankRow));
        schema[nameof(RankRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        // Group ids must be a key type for ML.NET's ranking trainers.
        schema[nameof(RankRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), groups.Length + 1);
        // LambdaRank keeps ML.NET's own booster defaults for L2 and feature fraction.
        var booster = new GradientBooster.Options();
        var gbm = new GbmOptions
        {
            Seed = options.Seed, Trees = options.Trees, Leaves = options.Leaves, LearningRate = options.LearningRate,
            MinExamplesPerLeaf = options.MinExamplesPerLeaf, Threads = options.Threads,
            L2Regularization = booster.L2Regularization, FeatureFraction = booster.FeatureFraction,
        };
        var trainer = ml.Ranking.Trainers.LightGbm(Gbm.Configure(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(RankRow.Label),
            RowGroupColumnName = nameof(RankRow.GroupId),
            FeatureColumnName = nameof(RankRow.Features),
        }, gbm, options.MinChildWeight));
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(data, schema)).Model;
        return GbmTrees.From(model.TrainedTreeEnsemble, width);
    }

    /// <summary>ML.NET input row, bound by reflection.</summary>
    private sealed class RankRow
    {
        public float Label { get; set; }
        public uint GroupId { get; set; }
        public float[] Features { get; set; } = [];
    }
}
