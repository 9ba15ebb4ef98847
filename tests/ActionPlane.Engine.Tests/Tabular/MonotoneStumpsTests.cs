using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class MonotoneStumpsTests
{
    // x0 raises the log-odds, x1 lowers them, x2 is noise; x1 is missing for a fifth of the rows.
    private static (float[][] X, bool[] Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), rng.NextDouble() < 0.2 ? float.NaN : (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var y = x.Select(r => rng.NextDouble() < 1 / (1 + Math.Exp(-(3 * r[0] - 2 * (float.IsNaN(r[1]) ? 0.5 : r[1]) - 0.5)))).ToArray();
        return (x, y);
    }

    private static double[] Along(GbmTrees trees, int feature, float? others = null) =>
        [.. Enumerable.Range(0, 101).Select(i =>
        {
            var row = new float[] { others ?? 0.5f, others ?? 0.5f, others ?? 0.5f };
            row[feature] = i / 100f;
            return trees.Raw(row);
        })];

    [Fact]
    public void Monotone_MakesEveryFeaturesEffectRiseOrFall_InTheDirectionTheDataShow()
    {
        // Arrange: small leaves on few rows, so the unconstrained step functions wiggle.
        var (x, y) = Data(1500, 1);
        var options = new GbmOptions { Trees = 400, LearningRate = 0.1, MinExamplesPerLeaf = 10 };

        // Act
        var free = Gbm.FitBinary(x, y, options);
        var monotone = Gbm.FitBinary(x, y, options with { Monotone = true });

        // Assert: raw scores fall as the probability rises (p = σ(−(slope·raw + offset)), slope < 0 for LightGBM), so compare in log-odds.
        double[] LogOdds(GbmTrees t, int f) => [.. Along(t, f).Select(r => -(t.Slope * r + t.Offset))];
        var free0 = LogOdds(free, 0);
        free0.Zip(free0.Skip(1), (a, b) => b < a).Should().Contain(true, "without the constraint the rising effect has dips");
        LogOdds(monotone, 0).Zip(LogOdds(monotone, 0).Skip(1), (a, b) => b >= a - 1e-12).Should().AllBeEquivalentTo(true);
        LogOdds(monotone, 1).Zip(LogOdds(monotone, 1).Skip(1), (a, b) => b <= a + 1e-12).Should().AllBeEquivalentTo(true);
        LogOdds(monotone, 0)[^1].Should().BeGreaterThan(LogOdds(monotone, 0)[0] + 1);
    }

    [Fact]
    public void Monotone_KeepsTheMissingValuesOwnEffect()
    {
        // Missing x1 behaves like x1 = 0.5: between the two ends, which a monotone "missing is smallest" would forbid.
        var (x, y) = Data(6000, 2);
        var monotone = Gbm.FitBinary(x, y, new GbmOptions { Trees = 300, LearningRate = 0.1, Monotone = true });

        var low = monotone.Predict([0.5f, 0f, 0.5f]);
        var missing = monotone.Predict([0.5f, float.NaN, 0.5f]);
        var high = monotone.Predict([0.5f, 1f, 0.5f]);

        missing.Should().BeLessThan(low).And.BeGreaterThan(high);
    }

    [Fact]
    public void Monotone_LeavesAnAlreadyMonotoneEnsembleUnchanged()
    {
        // One stump per feature is monotone whatever its values.
        var (x, y) = Data(1000, 3);
        var options = new GbmOptions { Trees = 2, LearningRate = 0.3 };
        var free = Gbm.FitBinary(x, y, options);
        var (test, _) = Data(200, 4);

        var monotone = Gbm.FitBinary(x, y, options with { Monotone = true });

        monotone.PredictMany(test).Zip(free.PredictMany(test), (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-12);
    }

    [Fact]
    public void Monotone_NeedsStumps()
    {
        var (x, y) = Data(300, 5);

        var fit = () => Gbm.FitBinary(x, y, new GbmOptions { Trees = 10, Leaves = 4, Monotone = true });

        fit.Should().Throw<ArgumentException>().WithMessage("*stumps*");
    }
}
