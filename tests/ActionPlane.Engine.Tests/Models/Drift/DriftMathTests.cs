using ActionPlane.Engine.Models.Drift;

namespace ActionPlane.Engine.Tests.Models.Drift;

public sealed class DriftMathTests
{
    private static readonly double?[] Uniform = [.. Enumerable.Range(0, 1000).Select(i => (double?)(i % 100))];

    [Fact]
    public void Psi_IsZeroForTheSamePopulation_AndSignificantForAShiftedOne()
    {
        var baseline = FeatureBaseline.Capture("x", Uniform);
        var same = baseline.Distribute(Uniform);
        var shifted = baseline.Distribute([.. Uniform.Select(v => v + 40)]);

        Psi.Compute(baseline.Proportions, same.Proportions).Should().BeApproximately(0, 1e-9);
        var psi = Psi.Compute(baseline.Proportions, shifted.Proportions);
        psi.Should().BeGreaterThan(Psi.SignificantFrom);
        Psi.Band(psi).Should().Be("significant");
        Psi.Band(0.15).Should().Be("moderate");
        Psi.Band(0.05).Should().Be("stable");
    }

    [Fact]
    public void FeatureBaseline_UsesDecileEdges_AndKeepsMissingAsItsOwnShare()
    {
        double?[] values = [.. Uniform, null, null];

        var baseline = FeatureBaseline.Capture("x", values);

        baseline.Edges.Should().HaveCount(9).And.BeInAscendingOrder();
        baseline.Proportions.Should().HaveCount(10);
        baseline.Proportions.Sum().Should().BeApproximately(1000 / 1002.0, 1e-9);
        baseline.MissingProportion.Should().BeApproximately(2 / 1002.0, 1e-9);
        baseline.Proportions.Should().OnlyContain(p => p > 0.09 && p < 0.11);
    }

    [Fact]
    public void FeatureBaseline_OfAConstantFeature_HasOneBin()
    {
        var baseline = FeatureBaseline.Capture("flag", [1, 1, 1, 1]);

        baseline.Edges.Should().Equal(1.0);
        baseline.Distribute([2, 2]).Proportions.Should().Equal(0, 1);
    }

    [Fact]
    public void ReliabilityCurve_GroupsByProbability_AndItsEceMatchesTheTrainingMetric()
    {
        double[] p = [0.05, 0.15, 0.15, 0.85, 0.95];
        bool[] y = [false, false, true, true, true];

        var curve = ReliabilityCurve.Of(p, y);

        curve.Bins.Select(b => b.Count).Should().Equal(1, 2, 1, 1);
        curve.Bins[1].MeanPredicted.Should().BeApproximately(0.15, 1e-9);
        curve.Bins[1].ObservedRate.Should().Be(0.5);
        curve.Ece.Should().Be(ActionPlane.Engine.Models.CalibrationError.Ece(p, y));
        ReliabilityCurve.Of([], []).Count.Should().Be(0);
    }
}
