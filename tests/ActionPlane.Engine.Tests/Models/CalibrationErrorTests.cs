using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models;

public sealed class CalibrationErrorTests
{
    [Fact]
    public void Ece_WeighsEachBinsGapByItsShareOfRows()
    {
        // Bin 0: p 0.05 vs 0; bin 1: p 0.15 + 0.12 vs 1 positive of 2; bin 9: p 0.95 vs 1.
        double[] p = [0.05, 0.15, 0.12, 0.95];
        bool[] y = [false, true, false, true];

        CalibrationError.Ece(p, y).Should().BeApproximately((0.05 + Math.Abs(0.27 - 1) + 0.05) / 4, 1e-12);
    }

    [Fact]
    public void Ece_IsZero_WhenEachBinsMeanMatchesItsRate()
    {
        CalibrationError.Ece([0.5, 0.5, 1.0], [true, false, true]).Should().BeApproximately(0, 1e-12);
    }
}
