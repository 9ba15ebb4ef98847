using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models;

public sealed class ThresholdChoiceTests
{
    // Ten accounts, four churners. Flagging p >= t, the counts per threshold are:
    //   t      flagged  TP  FP  FN   precision   cost 1:1 (FP+FN)   cost 1:10 (FP+10·FN)
    //   nobody    0      0   0   4      —             4                 40
    //   0.9       1      1   0   3     1              3                 30
    //   0.8       2      2   0   2     1              2                 20
    //   0.7       3      2   1   2     0.667          3                 21
    //   0.6       4      3   1   1     0.75           2                 11
    //   0.5       5      3   2   1     0.6            3                 12
    //   0.4       6      3   3   1     0.5            4                 13
    //   0.3       7      4   3   0     0.571          3                  3
    //   0.2       8      4   4   0     0.5            4                  4
    //   0.1       9      4   5   0     0.444          5                  5
    //   0.05     10      4   6   0     0.4            6                  6
    private static readonly double[] P = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
    private static readonly bool[] Y = [true, true, false, true, false, false, true, false, false, false];

    [Fact]
    public void ByCost_AtEqualCosts_TakesTheHigherOfTwoEquallyCheapThresholds()
    {
        var choice = ThresholdChoice.ByCost(P, Y, costFalsePositive: 1, costFalseNegative: 1);

        // 0.8 and 0.6 both cost 2.
        choice.Chosen.Threshold.Should().Be(0.8);
        choice.Cost.Should().Be(2);
        choice.Chosen.Precision.Should().Be(1);
        choice.Chosen.Recall.Should().Be(0.5);
        choice.Chosen.F1.Should().BeApproximately(2 * 1 * 0.5 / 1.5, 1e-12);
        choice.Chosen.FlaggedShare.Should().Be(0.2);
        choice.CostFlagNobody.Should().Be(4);
        choice.CostFlagEveryone.Should().Be(6);
    }

    [Fact]
    public void ByCost_WhenMissingAChurnerCostsTenTimesMore_MovesTheThresholdDown()
    {
        var choice = ThresholdChoice.ByCost(P, Y, costFalsePositive: 1, costFalseNegative: 10);

        choice.Chosen.Threshold.Should().Be(0.3);
        choice.Cost.Should().Be(3);
        choice.Chosen.Recall.Should().Be(1);
        choice.Chosen.Precision.Should().BeApproximately(4 / 7.0, 1e-12);
        choice.CostFlagNobody.Should().Be(40);
        choice.CostFlagEveryone.Should().Be(6);
    }

    [Fact]
    public void ByCost_FlagsNobody_WhenNoThresholdCostsLess()
    {
        // Nobody costs 1 (the churner missed); 0.8 also costs 1 (the 0.9 stayer acted on): the tie goes to the higher, flag nobody.
        var choice = ThresholdChoice.ByCost([0.9, 0.8, 0.1], [false, true, false], 1, 1);

        choice.Chosen.Threshold.Should().Be(1);
        choice.Chosen.Precision.Should().BeNull();
        choice.Chosen.Recall.Should().Be(0);
        choice.Chosen.FlaggedShare.Should().Be(0);
        choice.Cost.Should().Be(1);
    }

    [Fact]
    public void ByCost_TreatsTiedProbabilitiesAsOneThreshold()
    {
        // Flagging one 0.5 but not the other is impossible: 0.5 flags three rows (2 TP, 1 FP), cost 1 at 1:1; 0.9 alone costs 2.
        var choice = ThresholdChoice.ByCost([0.9, 0.5, 0.5, 0.1], [false, true, true, false], 1, 1);

        choice.Chosen.Threshold.Should().Be(0.5);
        choice.Chosen.FlaggedShare.Should().Be(0.75);
        choice.Cost.Should().Be(1);
    }

    [Fact]
    public void ByMinPrecision_TakesTheLowestThresholdReachingIt_EvenPastADip()
    {
        // 0.7 has precision 0.667, below 0.7, but the lower 0.6 is back at 0.75: it has more recall.
        var choice = ThresholdChoice.ByMinPrecision(P, Y, 0.7);

        choice.Chosen.Threshold.Should().Be(0.6);
        choice.Chosen.Precision.Should().Be(0.75);
        choice.Chosen.Recall.Should().Be(0.75);
        choice.MinPrecision.Should().Be(0.7);
        choice.Cost.Should().BeNull();
        ThresholdChoice.ByMinPrecision(P, Y, 0.99).Chosen.Threshold.Should().Be(0.8);
        ThresholdChoice.ByMinPrecision(P, Y, 0.55).Chosen.Threshold.Should().Be(0.3);
    }

    [Fact]
    public void ByMinPrecision_WhenNoThresholdReachesIt_IsAClearError()
    {
        var act = () => ThresholdChoice.ByMinPrecision([0.9, 0.1], [false, true], 0.6);

        act.Should().Throw<ArgumentException>().WithMessage("*--min-precision 0.6*highest is 0.5*");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -2)]
    [InlineData(double.NaN, 1)]
    public void ByCost_RejectsCostsThatAreNotPositive(double fp, double fn)
    {
        var act = () => ThresholdChoice.ByCost(P, Y, fp, fn);

        act.Should().Throw<ArgumentException>().WithMessage("*must be a positive number*");
    }

    [Fact]
    public void ByCost_NeedsBothClasses()
    {
        var act = () => ThresholdChoice.ByCost([0.2, 0.3], [true, true], 1, 1);

        act.Should().Throw<ArgumentException>().WithMessage("*both classes*");
    }

    [Fact]
    public void Curve_HasAtMost101Points_InRecallOrder_AndHoldsTheChosenPoint()
    {
        var random = new Random(7);
        var p = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var y = p.Select(q => random.NextDouble() < q).ToArray();

        var choice = ThresholdChoice.ByCost(p, y, 1, 3);

        choice.Curve.Count.Should().BeInRange(90, ThresholdChoice.MaxCurvePoints);
        choice.Curve.Select(c => c.Recall).Should().BeInAscendingOrder();
        choice.Curve.Select(c => c.Threshold).Should().BeInDescendingOrder();
        choice.Curve.Should().Contain(choice.Chosen);
        choice.Curve[^1].Recall.Should().Be(1);
        // Calibrated probabilities: the cheapest threshold sits near the Bayes threshold fp / (fp + fn) = 0.25.
        choice.Chosen.Threshold.Should().BeApproximately(0.25, 0.05);
    }
}
