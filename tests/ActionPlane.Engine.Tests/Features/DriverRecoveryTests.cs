using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Tests.Features;

public sealed class DriverRecoveryTests
{
    [Fact]
    public void AdditiveR2_IsOneForAFeatureThatIsTheTarget_AndNearZeroForUnrelatedNoise()
    {
        var rng = new Random(3);
        var y = Enumerable.Range(0, 4000).Select(_ => rng.NextDouble()).ToArray();
        var noise = y.Select(_ => (double?)rng.NextDouble()).ToArray();

        DriverRecoveryAnalysis.AdditiveR2([DriverRecoveryAnalysis.BinsOf([.. y.Select(v => (double?)v)])], y).Should().BeGreaterThan(0.99);
        DriverRecoveryAnalysis.AdditiveR2([DriverRecoveryAnalysis.BinsOf(noise)], y).Should().BeLessThan(0.02);
    }

    [Fact]
    public void AdditiveR2_AddsUpTwoFeaturesThatEachCarryHalfTheTarget()
    {
        var rng = new Random(4);
        var a = Enumerable.Range(0, 4000).Select(_ => rng.NextDouble()).ToArray();
        var b = a.Select(_ => rng.NextDouble()).ToArray();
        var y = a.Zip(b, (x, z) => x + z).ToArray();
        int[][] bins = [DriverRecoveryAnalysis.BinsOf([.. a.Select(v => (double?)v)]), DriverRecoveryAnalysis.BinsOf([.. b.Select(v => (double?)v)])];

        DriverRecoveryAnalysis.AdditiveR2([bins[0]], y).Should().BeInRange(0.4, 0.6);
        DriverRecoveryAnalysis.AdditiveR2(bins, y).Should().BeGreaterThan(0.98);
    }

    [Fact]
    public void Measure_RecoversTheExactDriversExactly_AndTheNoisyOnesOnlyPartly()
    {
        var tenant = new TenantGenerator(2).Generate(1500, new DateOnly(2026, 1, 1));

        var rows = DriverRecoveryAnalysis.Measure(tenant).ToDictionary(r => r.Driver);

        rows["downgraded"].BestFeature.Should().Be("downgraded_90d");
        rows["downgraded"].BestR2.Should().BeGreaterThan(0.99);
        rows["days_to_renewal"].BestFeature.Should().Be("days_to_renewal");
        rows["usage_decline"].BestFeature.Should().Be("usage_decline_30d", "the fitted fade sees a decline better than any window ratio");
        rows["support_friction"].AllFeaturesR2.Should().BeInRange(0.5, 0.99, "friction shows only through a few tickets and CSAT answers");
        rows["observable_log_odds"].AllFeaturesR2.Should().BeLessThan(1);
    }

    [Fact]
    public void Floor_SplitsTheGapToTheOracle_IntoTheHazardNoiseAndWhatTheFeaturesMiss()
    {
        var tenant = new TenantGenerator(4).Generate(4000, new DateOnly(2026, 1, 1));

        var floor = DriverRecoveryAnalysis.Floor(tenant);

        floor.OracleRocAuc.Should().BeGreaterThan(floor.NoiseFreeRocAuc, "the oracle also knows the account-level noise");
        floor.NoiseFreeRocAuc.Should().BeGreaterThan(floor.FeaturesRocAuc, "the features see the drivers only through noisy signals");
        floor.FeaturesRocAuc.Should().BeGreaterThan(0.7);
        (floor.NoiseGap + floor.FeatureGap).Should().BeApproximately(floor.OracleRocAuc - floor.FeaturesRocAuc, 1e-12);
    }

    [Fact]
    public void Floor_CostsNothingForNoise_WhenTheScenarioHasNone()
    {
        var tenant = new TenantGenerator(4, new Scenario { NoiseScale = 0 }).Generate(1500, new DateOnly(2026, 1, 1));

        var floor = DriverRecoveryAnalysis.Floor(tenant);

        floor.NoiseGap.Should().Be(0);
        floor.NoiseFreeRocAuc.Should().Be(floor.OracleRocAuc);
    }
}
