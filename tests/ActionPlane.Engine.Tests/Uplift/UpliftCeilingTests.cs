using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Uplift;

public sealed class UpliftCeilingTests
{
    /// <summary>
    /// A randomised experiment whose treatment shifts the outcome's log-odds by 1.5·x0 − 0.5 (observed) plus, with
    /// <paramref name="hidden"/>, 1.5·z for a standard-normal z that is not among the features. The control log-odds is 0.8·x1 − 0.2.
    /// </summary>
    private static (float[][] X, bool[] Treated, bool[] Outcome, double[] Truth) Experiment(int n, int seed, double hidden)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var truth = new double[n];
        var treated = new bool[n];
        var outcome = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var h = 0.8 * x[i][1] - 0.2;
            var shift = 1.5 * x[i][0] - 0.5 + hidden * z;
            truth[i] = Sigmoid(h + shift) - Sigmoid(h);
            treated[i] = rng.NextDouble() < 0.5;
            outcome[i] = rng.NextDouble() < Sigmoid(h) + (treated[i] ? truth[i] : 0);
        }
        return (x, treated, outcome, truth);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static (double FreeForm, double LogOddsShift) ExpectedRatios(double hidden)
    {
        var (x, treated, outcome, truth) = Experiment(4000, 11, hidden);
        var train = Enumerable.Range(0, 3000).ToArray();
        var held = Enumerable.Range(3000, 1000).ToArray();
        var ceiling = UpliftCeiling.Predict(x, treated, outcome, truth, train, held, seed: 3);
        var heldTruth = held.Select(i => truth[i]).ToArray();
        return (UpliftMetrics.ExpectedQiniRatio(heldTruth, ceiling.FreeForm), UpliftMetrics.ExpectedQiniRatio(heldTruth, ceiling.LogOddsShift));
    }

    [Fact]
    public void TheCeiling_OrdersHeldOutRowsAlmostPerfectly_WhenTheTrueUpliftIsAFunctionOfTheFeatures()
    {
        var (freeForm, logOddsShift) = ExpectedRatios(hidden: 0);

        freeForm.Should().BeGreaterThan(0.95, "the truth is an exact function of x0 and x1, which the fit sees without outcome noise");
        logOddsShift.Should().BeGreaterThan(0.95, "the truth is exactly an additive log-odds shift of a learnable control model");
    }

    [Fact]
    public void TheCeiling_IsClearlyLower_WhenTheTrueUpliftDependsOnAColumnTheFeaturesDoNotHold()
    {
        var observed = ExpectedRatios(hidden: 0);
        var (freeForm, logOddsShift) = ExpectedRatios(hidden: 1.0);

        freeForm.Should().BeLessThan(0.8, "most of the effect's spread comes from z, which no feature shows");
        logOddsShift.Should().BeLessThan(0.8);
        freeForm.Should().BeLessThan(observed.FreeForm - 0.15);
        freeForm.Should().BeGreaterThan(0.2, "x0's part of the effect is still found");
    }

    [Fact]
    public void TheCeiling_RefusesTrainingRowsWithoutAControlArm()
    {
        var (x, treated, outcome, truth) = Experiment(200, 2, 0);
        var treatedOnly = Enumerable.Range(0, 150).Where(i => treated[i]).ToArray();

        var act = () => UpliftCeiling.Predict(x, treated, outcome, truth, treatedOnly, [.. Enumerable.Range(150, 50)], seed: 1);

        act.Should().Throw<ArgumentException>().WithMessage("*control rows*");
    }
}
