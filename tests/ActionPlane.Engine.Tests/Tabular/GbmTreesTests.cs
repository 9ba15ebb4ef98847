using ActionPlane.Engine.Tabular;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class GbmTreesTests
{
    private static (float[][] X, bool[] Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble(), (float)(rng.NextDouble() * 10) }).ToArray();
        var y = x.Select(r => rng.NextDouble() < 1 / (1 + Math.Exp(-(3 * r[0] - 2 * r[1] + 0.2 * r[2] - 1)))).ToArray();
        return (x, y);
    }

    [Fact]
    public void CopiedTrees_ScoreExactlyLikeMlNet()
    {
        // Arrange: the same LightGBM fit scored by ML.NET's transform and by the copied trees.
        var (x, y) = Data(800, 1);
        var ml = new MLContext(3);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfIterations = 40, NumberOfLeaves = 6, Seed = 3, Deterministic = true, NumberOfThreads = 1, Silent = true });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(x.Select((f, i) => new Row { Label = y[i], Features = f }), schema));
        var (test, _) = Data(200, 2);
        var expected = model.Transform(ml.Data.LoadFromEnumerable(test.Select(f => new Row { Features = f }), schema)).GetColumn<float>("Probability").ToArray();

        // Act
        var trees = GbmTrees.From(model.Model.SubModel.TrainedTreeEnsemble, 3, GbmLink.Logistic, model.Model.Calibrator.Slope, model.Model.Calibrator.Offset);
        var actual = trees.PredictMany(test);

        // Assert
        actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max().Should().BeLessThan(1e-5);
    }

    [Fact]
    public void WithLogOddsShift_AddsTheShiftToTheLogOdds_InOneEnsemble()
    {
        // Arrange: a probability model and a regression whose output is read as a log-odds shift.
        var (x, y) = Data(800, 5);
        var probability = Gbm.FitBinary(x, y, new GbmOptions { Trees = 30, Leaves = 4 });
        var shift = Gbm.FitRegression(x, x.Select(r => 2.0 * r[0] - 1).ToArray(), new GbmOptions { Trees = 30, Leaves = 2, MinExamplesPerLeaf = 20 });
        var (test, _) = Data(100, 6);

        // Act
        var shifted = probability.WithLogOddsShift(shift);

        // Assert: σ(logit p + s) for every row, with the trees of both.
        foreach (var row in test)
        {
            var p = probability.Predict(row);
            var expected = 1 / (1 + Math.Exp(-(Math.Log(p / (1 - p)) + shift.Predict(row))));
            shifted.Predict(row).Should().BeApproximately(expected, 1e-9);
        }
        shifted.TreeCount.Should().Be(probability.TreeCount + shift.TreeCount);
    }

    [Fact]
    public void FitRegression_FollowsTheRowWeights()
    {
        // Two interleaved groups of rows with different targets and a feature unrelated to either: the weights decide the fit.
        var rng = new Random(7);
        var x = Enumerable.Range(0, 400).Select(i => new[] { (float)rng.NextDouble() }).ToArray();
        var targets = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 1.0 : 0.0).ToArray();
        var weights = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 9.0 : 1.0).ToArray();

        var weighted = Gbm.FitRegression(x, targets, new GbmOptions { Trees = 50, LearningRate = 0.1, MinExamplesPerLeaf = 100 }, weights);
        var unweighted = Gbm.FitRegression(x, targets, new GbmOptions { Trees = 50, LearningRate = 0.1, MinExamplesPerLeaf = 100 });

        weighted.PredictMany(x).Average().Should().BeApproximately(0.9, 0.05);
        unweighted.PredictMany(x).Average().Should().BeApproximately(0.5, 0.05);
    }

    [Fact]
    public void FitBinary_GivesCalibratedProbabilities_AndTreatsMissingAsItsOwnValue()
    {
        var (x, y) = Data(2000, 4);
        // Missing x0 means "churned" here, which only a model that keeps missing distinct from any number can learn.
        for (var i = 0; i < x.Length; i += 10)
        {
            x[i][0] = float.NaN;
            y[i] = true;
        }

        var trees = Gbm.FitBinary(x, y, new GbmOptions { Trees = 100, MinExamplesPerLeaf = 20 });

        trees.PredictMany(x).Average().Should().BeApproximately(y.Count(v => v) / (double)y.Length, 0.02);
        trees.Predict([float.NaN, 0.5f, 5f]).Should().BeGreaterThan(0.8);
    }

    [Fact]
    public void WriteThenRead_ScoresTheSame_AndGarbageIsRejected()
    {
        var (x, y) = Data(500, 5);
        var trees = Gbm.FitRegression(x, y.Select(v => v ? 1.0 : 0.0).ToArray(), new GbmOptions { Trees = 30 });
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            trees.Write(writer);

        buffer.Position = 0;
        var read = GbmTrees.Read(new BinaryReader(buffer));

        read.PredictMany(x).Should().Equal(trees.PredictMany(x));
        var garbage = () => GbmTrees.Read(new BinaryReader(new MemoryStream([1, 2, 3])));
        garbage.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void AdditiveStumps_ScoreExactlyLikeTheStumpEnsemblesTheyMerge()
    {
        var (x, y) = Data(1500, 6);
        for (var i = 0; i < x.Length; i += 7)
            x[i][1] = float.NaN;
        var targets = y.Select(v => v ? 1.0 : 0.0).ToArray();
        var a = Gbm.FitRegression(x, targets, new GbmOptions { Trees = 80, Leaves = 2, MinExamplesPerLeaf = 20 });
        var b = Gbm.FitRegression(x, [.. targets.Select(t => 1 - t)], new GbmOptions { Trees = 60, Leaves = 2, MinExamplesPerLeaf = 20, Seed = 9 });

        var merged = new AdditiveStumps(a.Stumps(0.3).Concat(b.Stumps(0.7)));

        a.IsAdditiveStumps.Should().BeTrue();
        foreach (var row in x.Take(300).Append([float.NaN, float.NaN, float.NaN]))
            merged.Predict(row).Should().BeApproximately(0.3 * a.Predict(row) + 0.7 * b.Predict(row), 1e-9);
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }
}
