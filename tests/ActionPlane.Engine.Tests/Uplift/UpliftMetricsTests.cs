using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Uplift;

public sealed class UpliftMetricsTests
{
    // Five rows, hand-worked in the comments below with scikit-uplift's definitions.
    private static readonly bool[] Outcome = [true, false, true, false, true];
    private static readonly bool[] Treated = [true, false, false, true, true];
    private static readonly double[] Score = [0.9, 0.7, 0.5, 0.1, 0.3];

    [Fact]
    public void QiniCurve_CountsTreatedRespondersMinusScaledControlResponders()
    {
        var (x, y) = UpliftMetrics.QiniCurve(Outcome, Score, Treated);

        x.Should().Equal(0, 1, 2, 3, 4, 5);
        y.Should().Equal(0, 1, 1, 0.5, 1, 0.5);
    }

    [Fact]
    public void QiniAuc_IsNormalisedBetweenTheRandomLineAndThePerfectOrdering()
    {
        // Actual area 3.75; perfect curve (0,0)(2,2)(4,2)(5,0.5) has area 7.25; random line to (5,0.5) has 1.25.
        UpliftMetrics.QiniAuc(Outcome, Score, Treated).Should().BeApproximately((3.75 - 1.25) / (7.25 - 1.25), 1e-12);
    }

    [Fact]
    public void UpliftAuc_IsNormalisedAgainstThePerfectUpliftCurve()
    {
        // Actual curve (0,0)(1,1)(2,2)(3,1.5)(4,2)(5,5/6); perfect (0,0)(2,2)(3,3)(4,8/3)(5,5/6).
        var actual = 0.5 + 1.5 + 1.75 + 1.75 + (2 + 5.0 / 6) / 2;
        var perfect = 2 + 2.5 + (3 + 8.0 / 3) / 2 + (8.0 / 3 + 5.0 / 6) / 2;
        var baseline = 5 * (5.0 / 6) / 2;

        UpliftMetrics.UpliftAuc(Outcome, Score, Treated).Should().BeApproximately((actual - baseline) / (perfect - baseline), 1e-12);
    }

    [Fact]
    public void QiniAuc_IsOne_ForThePerfectOrdering_AndNegative_ForItsReverse()
    {
        double[] perfect = [1, 0, -1, 0, 1];

        UpliftMetrics.QiniAuc(Outcome, perfect, Treated).Should().BeApproximately(1, 1e-12);
        UpliftMetrics.QiniAuc(Outcome, perfect.Select(p => -p).ToArray(), Treated).Should().BeNegative();
    }

    [Theory]
    [InlineData(0.6, 0.5)] // top 3: treated {1} → 1; control {0, 1} → 0.5
    [InlineData(0.5, 1.0)] // top ⌊2.5⌋ = 2: treated {1}, control {0}
    public void UpliftAtK_TakesTheTopRowsOverall_AndSubtractsControlFromTreatedRate(double k, double expected)
    {
        UpliftMetrics.UpliftAtK(Outcome, Score, Treated, k).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Metrics_Reject_ListsOfDifferentLength()
    {
        var act = () => UpliftMetrics.QiniAuc(Outcome, [0.1, 0.2], Treated);

        act.Should().Throw<ArgumentException>().WithMessage("*equally many*");
    }
}
