using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class GbmBaggingTests
{
    private static (float[][] X, bool[] Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble(), (float)(rng.NextDouble() * 10) }).ToArray();
        var y = x.Select(r => rng.NextDouble() < 1 / (1 + Math.Exp(-(3 * r[0] - 2 * r[1] + 0.2 * r[2] - 1)))).ToArray();
        return (x, y);
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void Average_OfLogisticEnsembles_IsTheMeanLogOdds_InOneEnsemble()
    {
        // Arrange: three classifiers of different shapes fitted to different rows.
        var members = new[] { 1, 2, 3 }.Select(s =>
        {
            var (x, y) = Data(600, s);
            return Gbm.FitBinary(x, y, new GbmOptions { Trees = 20 * s, Leaves = s + 1, MinExamplesPerLeaf = 20, Seed = s });
        }).ToList();
        var (test, _) = Data(100, 9);

        // Act
        var average = GbmTrees.Average(members);

        // Assert
        foreach (var row in test)
            Logit(average.Predict(row)).Should().BeApproximately(members.Average(m => Logit(m.Predict(row))), 1e-9);
        average.TreeCount.Should().Be(members.Sum(m => m.TreeCount));
    }

    [Fact]
    public void Average_OfRegressions_IsTheMeanPrediction()
    {
        var (x, _) = Data(600, 4);
        var members = new[] { 0.5, 2.0 }.Select(a => Gbm.FitRegression(x, x.Select(r => a * r[0] - r[1]).ToArray(), new GbmOptions { Trees = 30, MinExamplesPerLeaf = 20 })).ToList();
        var (test, _) = Data(50, 5);

        var average = GbmTrees.Average(members);

        foreach (var row in test)
            average.Predict(row).Should().BeApproximately(members.Average(m => m.Predict(row)), 1e-9);
    }

    [Fact]
    public void Bagging_FitsOneEnsemblePerBag_Reproducibly()
    {
        var (x, y) = Data(1000, 6);
        var options = new GbmOptions { Trees = 50, MinExamplesPerLeaf = 20, Bags = 3, BagFraction = 0.5 };
        var (test, _) = Data(100, 7);

        var first = Gbm.FitBinary(x, y, options);
        var again = Gbm.FitBinary(x, y, options);
        var single = Gbm.FitBinary(x, y, options with { Bags = 1 });

        first.TreeCount.Should().Be(150);
        again.PredictMany(test).Should().Equal(first.PredictMany(test));
        first.PredictMany(test).Should().NotEqual(single.PredictMany(test), "each bag sees only half of the rows");
    }

    [Fact]
    public void Bagging_VariesLessWithTheTrainingRows_ThanOneFit()
    {
        // Arrange: deep trees with small leaves on a weak signal vary a lot with the rows they are fitted to.
        var options = new GbmOptions { Trees = 100, Leaves = 16, LearningRate = 0.1, MinExamplesPerLeaf = 10 };
        var (test, _) = Data(300, 99);
        double Spread(GbmOptions o)
        {
            var predictions = Enumerable.Range(10, 6).Select(s => Data(1500, s)).Select(d => Gbm.FitBinary(d.X, d.Y, o).PredictMany(test)).ToList();
            return Enumerable.Range(0, test.Length).Average(i =>
            {
                var logits = predictions.Select(p => Logit(p[i])).ToList();
                var mean = logits.Average();
                return logits.Average(l => (l - mean) * (l - mean));
            });
        }

        // Act
        var single = Spread(options);
        var bagged = Spread(options with { Bags = 8, BagFraction = 0.5 });

        // Assert: the variance of the log-odds over training sets falls.
        bagged.Should().BeLessThan(0.7 * single);
    }
}
