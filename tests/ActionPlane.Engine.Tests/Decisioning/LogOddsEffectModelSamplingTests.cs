using ActionPlane.Engine.Decisioning.Learning;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class LogOddsEffectModelSamplingTests
{
    // A randomised log (half treated): the action shifts churn log-odds by −0.8 − 0.5·z₀.
    private static List<EffectRow> Log(int n, int seed)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return [.. Enumerable.Range(0, n).Select(_ =>
        {
            var z = new[] { Gaussian(), Gaussian() };
            var offset = -1 + 0.5 * z[1];
            var treated = rng.NextDouble() < 0.5;
            var logit = offset + (treated ? -0.8 - 0.5 * z[0] : 0);
            return new EffectRow(z, offset, treated, rng.NextDouble() < 1 / (1 + Math.Exp(-logit)), 1);
        })];
    }

    [Fact]
    public void SampleEffect_DrawsUpliftsCentredOnTheFit_SpreadByItsStandardError()
    {
        var model = LogOddsEffectModel.Fit(Log(4_000, seed: 1), new EffectModelOptions { EffectRidge = 1 })!;
        var z = new[] { 1.0, 0.0 };
        var (uplift, se) = model.Predict(z, 0.3);
        var random = new Random(2);

        var draws = Enumerable.Range(0, 2_000).Select(_ => model.SampleEffect(random).Predict(z, 0.3).Uplift).ToList();
        var mean = draws.Average();
        var sd = Math.Sqrt(draws.Average(d => (d - mean) * (d - mean)));

        se.Should().BeGreaterThan(0);
        mean.Should().BeApproximately(uplift, 0.2 * se + 0.002);
        // The standard error is the delta method at the treated probability; draws see the curvature too.
        sd.Should().BeInRange(0.7 * se, 1.3 * se);
    }
}
