using ActionPlane.Engine.ClosedLoop;

namespace ActionPlane.Engine.Tests.ClosedLoop;

public sealed class CeilingEffectModelTests
{
    private static List<(double[] Z, double TrueLogOddsDelta)> Rows(Func<double[], double> effect, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, 2_000).Select(_ =>
        {
            var z = new[] { rng.NextDouble(), rng.NextDouble(), 4 * rng.NextDouble() };
            return (z, effect(z));
        })];
    }

    [Fact]
    public void Fit_RecoversAnEffectThatIsLinearInTheFeatures()
    {
        static double Effect(double[] z) => -0.3 - 1.2 * z[0] + 0.5 * z[2];
        var model = CeilingEffectModel.Fit(Rows(Effect, 1), quadratic: false);

        double[] probe = [0.8, 0.1, 3.0];
        model.Effect(probe).Should().BeApproximately(Effect(probe), 1e-3);
    }

    [Fact]
    public void QuadraticFit_CapturesAProductOfFeatures_ThatTheLinearFitMisses()
    {
        // The generator's effects are products of drivers (e.g. decline × (1 − friction)).
        static double Effect(double[] z) => -1.4 * z[0] * (1 - z[1]);
        var rows = Rows(Effect, 2);
        var linear = CeilingEffectModel.Fit(rows, quadratic: false);
        var quadratic = CeilingEffectModel.Fit(rows, quadratic: true);

        double[] probe = [0.9, 0.05, 1.0];
        Math.Abs(quadratic.Effect(probe) - Effect(probe)).Should().BeLessThan(0.01);
        Math.Abs(linear.Effect(probe) - Effect(probe)).Should().BeGreaterThan(0.1);
    }

    [Fact]
    public void Uplift_IsTheChurnRiskTheEffectRemoves()
    {
        var model = CeilingEffectModel.Fit(Rows(_ => -1.0, 3), quadratic: false);

        var p = 0.4;
        var treated = 1 / (1 + Math.Exp(-(Math.Log(p / (1 - p)) - 1.0)));
        model.Uplift([0.5, 0.5, 2.0], p).Should().BeApproximately(p - treated, 1e-4);
    }
}
