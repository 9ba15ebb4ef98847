using ActionPlane.Engine.Decisioning.Learning;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class CrossFittedCalibrationTests
{
    // A randomised log (propensity 0.5): six observed traits z, baseline churn log-odds −1 + 0.5·z₁
    // (the churn model's offset), and the action shifts churn log-odds by −0.5 + heterogeneity·z₀.
    private static List<EffectRow> Log(int n, double heterogeneity, int seed)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var rows = new List<EffectRow>(n);
        for (var i = 0; i < n; i++)
        {
            var z = Enumerable.Range(0, 6).Select(_ => Gaussian()).ToArray();
            var offset = -1 + 0.5 * z[1];
            var treated = rng.NextDouble() < 0.5;
            var logit = offset + (treated ? -0.5 + heterogeneity * z[0] : 0);
            rows.Add(new EffectRow(z, offset, treated, rng.NextDouble() < 1 / (1 + Math.Exp(-logit)), 1));
        }
        return rows;
    }

    private static readonly EffectModelOptions LooseRidge = new() { EffectRidge = 0.1 };

    [Fact]
    public void Fit_KeepsTheSlopeNearOne_WhenTheEffectReallyDependsOnTheAccount()
    {
        var calibration = CrossFittedCalibration.Fit(Log(20_000, heterogeneity: -0.6, seed: 1), LooseRidge, seed: 1);

        calibration.Slope.Should().BeInRange(0.8, 1.2);
        calibration.Average.Should().BeInRange(-0.65, -0.35);
    }

    [Fact]
    public void Fit_ShrinksTheSlope_WhenThePredictedDifferencesBetweenAccountsAreNoise()
    {
        var rows = Log(2_000, heterogeneity: 0, seed: 2);
        var model = LogOddsEffectModel.Fit(rows, LooseRidge)!;
        var calibration = CrossFittedCalibration.Fit(rows, LooseRidge, seed: 2);

        // The fit alone spreads its shift over accounts; held-out outcomes do not bear the spread out.
        var spread = rows.Select(r => model.LogOdds(r.Z, r.BaseLogit).Delta).ToList();
        (spread.Max() - spread.Min()).Should().BeGreaterThan(0.5);
        calibration.Slope.Should().BeLessThan(0.8);
        var calibrated = model.Calibrated(calibration);
        var uplifts = rows.Take(200).Select(r => calibrated.Predict(r.Z, 0.3).Uplift).ToList();
        var raw = rows.Take(200).Select(r => model.Predict(r.Z, 0.3).Uplift).ToList();
        (uplifts.Max() - uplifts.Min()).Should().BeLessThan(0.8 * (raw.Max() - raw.Min()));
    }

    [Fact]
    public void Identity_LeavesTheFittedShiftAsItIs()
    {
        EffectCalibration.Identity.Apply(-0.37).Should().Be(-0.37);
        EffectCalibration.Identity.Variance(-0.37).Should().Be(0);
    }

    [Fact]
    public void Pool_KeepsTypeAverages_ThatDifferByFarMoreThanTheirNoise()
    {
        double[] averages = [-0.1, -0.6, -1.1, -0.3];
        var pooled = TypeAveragePooling.Pool([.. averages.Select(a => new EffectCalibration(a, a, 1, 0.01 * 0.01, 0, 0))]);

        for (var i = 0; i < averages.Length; i++)
            pooled[i].Average.Should().BeApproximately(averages[i], 0.01);
    }

    [Fact]
    public void Pool_PullsTypeAveragesTogether_WhenTheirSpreadIsWithinTheirNoise()
    {
        double[] averages = [-0.05, -0.15, -0.1, -0.2, 0.0];
        var pooled = TypeAveragePooling.Pool([.. averages.Select(a => new EffectCalibration(a, a, 1, 0.12 * 0.12, 0, 0))]);

        pooled.Select(c => c.Average).Should().AllSatisfy(a => a.Should().BeApproximately(-0.1, 0.01));
        pooled[0].AverageVariance.Should().BeLessThan(0.12 * 0.12);
    }
}
