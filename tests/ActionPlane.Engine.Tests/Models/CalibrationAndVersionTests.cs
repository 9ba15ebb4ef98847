using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models;

public sealed class CalibrationAndVersionTests
{
    [Fact]
    public void PlattScaling_RecoversTheLogisticLink_ThatGeneratedTheLabels()
    {
        var rng = new Random(3);
        var scores = Enumerable.Range(0, 5000).Select(_ => rng.NextDouble() * 8 - 4).ToList();
        // True link: p = 1 / (1 + exp(-(1.5 s - 0.5))), i.e. A = -1.5, B = 0.5.
        var labels = scores.Select(s => rng.NextDouble() < 1 / (1 + Math.Exp(-(1.5 * s - 0.5)))).ToList();

        var platt = PlattScaling.Fit(scores, labels);

        platt.A.Should().BeApproximately(-1.5, 0.15);
        platt.B.Should().BeApproximately(0.5, 0.15);
        platt.Apply(2).Should().BeGreaterThan(platt.Apply(0));
    }

    [Theory]
    [InlineData(0.05, RiskTier.Low)]
    [InlineData(0.15, RiskTier.Medium)]
    [InlineData(0.39, RiskTier.Medium)]
    [InlineData(0.40, RiskTier.High)]
    [InlineData(0.95, RiskTier.High)]
    public void RiskTiers_Follow_TheDocumentedThresholds(double probability, RiskTier tier) =>
        RiskTiers.For(probability).Should().Be(tier);

    [Fact]
    public void ModelVersion_RoundTrips_ThroughItsText()
    {
        var version = new ModelVersion("churn", new DateOnly(2026, 11, 23), 12);

        ModelVersion.TryParse(version.ToString(), out var parsed).Should().BeTrue();

        version.ToString().Should().Be("churn-20261123-12");
        parsed.Should().Be(version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("churn-2026-1")]
    [InlineData("churn-20261123-0")]
    [InlineData("churn-20261123")]
    [InlineData("-20261123-1")]
    public void ModelVersion_Rejects_MalformedText(string? text) =>
        ModelVersion.TryParse(text, out _).Should().BeFalse();
}
