using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class GbmEarlyStoppingTests
{
    private static (float[][] X, bool[] Y) Data(int n, int seed, double signal)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var y = x.Select(r => rng.NextDouble() < 1 / (1 + Math.Exp(-signal * (r[0] - r[1])))).ToArray();
        return (x, y);
    }

    [Fact]
    public void EarlyStopping_EndsLongBeforeTheCap_WhenTheLabelIsNoise()
    {
        var (x, y) = Data(2000, 1, signal: 0);
        var options = new GbmOptions { Trees = 400, Leaves = 8, LearningRate = 0.1, MinExamplesPerLeaf = 20, EarlyStoppingRounds = 20 };

        var stopped = Gbm.FitBinary(x, y, options);
        var full = Gbm.FitBinary(x, y, options with { EarlyStoppingRounds = 0 });

        full.TreeCount.Should().Be(400);
        stopped.TreeCount.Should().BeLessThan(100, "nothing is learnable, so the held-out log-loss stops improving almost at once");
    }

    [Fact]
    public void EarlyStopping_KeepsGrowing_WhileTheHeldOutLossImproves()
    {
        var (x, y) = Data(4000, 2, signal: 6);
        var options = new GbmOptions { Trees = 300, Leaves = 2, LearningRate = 0.01, MinExamplesPerLeaf = 20, EarlyStoppingRounds = 20 };

        var stopped = Gbm.FitBinary(x, y, options);

        // At a learning rate of 0.01 a strong signal still gains from every stump within the cap.
        stopped.TreeCount.Should().BeGreaterThan(250);
    }
}
