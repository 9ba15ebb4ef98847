using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace ActionPlane.Engine.Ranking;

/// <summary>LightGBM LambdaRank (ML.NET <c>Ranking.Trainers.LightGbm</c>) on LETOR data.</summary>
public static class LambdaRanker
{
    /// <summary>Trains on <paramref name="train"/>; the returned function scores rows of width <paramref name="width"/>.</summary>
    public static Func<float[][], double[]> Train(LetorData train, int width, RankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var ml = new MLContext(options.Seed);
        var dense = train.Dense(width);
        var rows = new List<RankRow>(dense.Length);
        var r = 0;
        for (var g = 0; g < train.Groups.Count; g++)
            for (var j = 0; j < train.Groups[g]; j++, r++)
                rows.Add(new RankRow { Label = train.Labels[r], GroupId = (uint)(g + 1), Features = dense[r] });
        var schema = SchemaDefinition.Create(typeof(RankRow));
        schema[nameof(RankRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        // Group ids must be a key type for ML.NET's ranking trainers.
        schema[nameof(RankRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), train.Groups.Count + 1);
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(RankRow.Label),
            RowGroupColumnName = nameof(RankRow.GroupId),
            FeatureColumnName = nameof(RankRow.Features),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            Seed = options.Seed,
            Deterministic = true,
            NumberOfThreads = options.Threads,
            Silent = true,
            Booster = new GradientBooster.Options { MinimumChildWeight = options.MinChildWeight },
        });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(rows, schema));
        return x =>
        {
            var scored = model.Transform(ml.Data.LoadFromEnumerable(x.Select(f => new RankRow { Features = f, GroupId = 1 }), schema));
            return scored.GetColumn<float>("Score").Select(s => (double)s).ToArray();
        };
    }

    /// <summary>ML.NET input row, bound by reflection.</summary>
    private sealed class RankRow
    {
        public float Label { get; set; }
        public uint GroupId { get; set; }
        public float[] Features { get; set; } = [];
    }
}
