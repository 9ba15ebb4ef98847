using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

/// <summary>
/// Fits where LightGBM has little or nothing to split on (a constant target, one class, rows it
/// separates at once): the model must still be the one LightGBM trained, and a model without trees
/// (<see cref="GbmTrees.Constant"/>, what <see cref="Gbm"/> falls back to when ML.NET cannot convert
/// LightGBM's trees, dotnet/machinelearning#5022) must store and load like any other.
/// </summary>
public sealed class GbmOneLeafTests
{
    [Fact]
    public void FitRegression_OfAConstantTarget_PredictsThatConstant()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 300).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var targets = Enumerable.Repeat(0.3, 300).ToArray();

        var model = Gbm.FitRegression(x, targets, new GbmOptions { Trees = 50, MinExamplesPerLeaf = 10 });

        model.Predict(x[0]).Should().BeApproximately(0.3, 1e-6);
        model.Predict(x[^1]).Should().BeApproximately(0.3, 1e-6);
    }

    [Fact]
    public void FitBinary_OfSeparableRows_KeepsTheTreesBeforeLightGbmRanOutOfSplits()
    {
        var x = Enumerable.Range(0, 200).Select(i => new[] { (float)i, (float)(i % 3) }).ToArray();
        var y = x.Select(r => r[0] >= 100).ToArray();

        var model = Gbm.FitBinary(x, y, new GbmOptions { Trees = 400, Leaves = 2, LearningRate = 0.5, MinExamplesPerLeaf = 5 });

        model.Predict(x[10]).Should().BeLessThan(0.05);
        model.Predict(x[150]).Should().BeGreaterThan(0.95);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FitBinary_OfOneClass_PredictsThatClass(bool label)
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 120).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();

        var model = Gbm.FitBinary(x, [.. x.Select(_ => label)], new GbmOptions { Trees = 50, MinExamplesPerLeaf = 10 });

        if (label)
            model.Predict(x[0]).Should().BeGreaterThan(0.99);
        else
            model.Predict(x[0]).Should().BeLessThan(0.01);
    }

    [Fact]
    public void ConstantModel_SurvivesWriteAndRead()
    {
        var model = GbmTrees.Constant(2, Math.Log(0.25 / 0.75), GbmLink.Logistic);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            model.Write(writer);
        stream.Position = 0;

        var read = GbmTrees.Read(new BinaryReader(stream));

        read.TreeCount.Should().Be(0);
        read.Predict([1f, 2f]).Should().BeApproximately(0.25, 1e-12);
    }
}
