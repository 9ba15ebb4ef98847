using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models;

public sealed class BinaryMetricsTests
{
    private static readonly bool[] Labels = [false, false, true, true];

    [Fact]
    public void RocAuc_IsOne_ForAPerfectRanking_ZeroForAReversedOne_AndHalfForTies()
    {
        BinaryMetrics.RocAuc([0.1, 0.2, 0.8, 0.9], Labels).Should().Be(1);
        BinaryMetrics.RocAuc([0.9, 0.8, 0.2, 0.1], Labels).Should().Be(0);
        BinaryMetrics.RocAuc([0.5, 0.5, 0.5, 0.5], Labels).Should().Be(0.5);
        // One of four positive–negative pairs is misordered.
        BinaryMetrics.RocAuc([0.1, 0.6, 0.5, 0.9], Labels).Should().Be(0.75);
    }

    [Fact]
    public void PrAuc_IsOne_ForAPerfectRanking_AndAveragesPrecisionAtEachPositive()
    {
        BinaryMetrics.PrAuc([0.1, 0.2, 0.8, 0.9], Labels).Should().Be(1);
        // Ranking: pos (P=1), neg, pos (P=2/3): average precision (1 + 2/3) / 2.
        BinaryMetrics.PrAuc([0.1, 0.8, 0.5, 0.9], Labels).Should().BeApproximately((1 + 2 / 3.0) / 2, 1e-12);
    }

    [Fact]
    public void BrierAndLogLoss_MatchTheirDefinitions()
    {
        double[] p = [0.2, 0.4, 0.6, 0.9];

        BinaryMetrics.Brier(p, Labels).Should().BeApproximately((0.04 + 0.16 + 0.16 + 0.01) / 4, 1e-12);
        BinaryMetrics.LogLoss(p, Labels).Should().BeApproximately(-(Math.Log(0.8) + Math.Log(0.6) + Math.Log(0.6) + Math.Log(0.9)) / 4, 1e-12);
    }

    [Fact]
    public void Metrics_Reject_ListsOfDifferentLength()
    {
        var act = () => BinaryMetrics.Brier([0.1], Labels);

        act.Should().Throw<ArgumentException>().WithParameterName("labels");
    }
}
