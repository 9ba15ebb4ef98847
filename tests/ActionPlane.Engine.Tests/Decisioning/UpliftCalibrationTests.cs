using ActionPlane.Engine.Decisioning.Learning;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class UpliftCalibrationTests
{
    // Applied actions that started from churn risk p with predicted uplift û; the account churns with
    // probability p − delivered·û (what the action really did), drawn from a seeded generator.
    private static List<CalibrationRow> Applied(int n, double p, double predicted, double deliveredShare, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => new CalibrationRow(predicted, p, rng.NextDouble() < p - deliveredShare * predicted))];
    }

    [Fact]
    public void Factor_ShrinksAnActionType_ThatDeliveredLittleOfItsPredictedUplift()
    {
        var k = UpliftCalibration.Factor(Applied(2_000, p: 0.4, predicted: 0.1, deliveredShare: 0.2, seed: 1));

        k.Should().BeInRange(0.0, 0.45);
    }

    [Fact]
    public void Factor_StaysNearOne_WhenTheActionDeliveredWhatWasPredicted()
    {
        var k = UpliftCalibration.Factor(Applied(2_000, p: 0.4, predicted: 0.1, deliveredShare: 1.0, seed: 2));

        k.Should().BeInRange(0.8, 1.2);
    }

    [Fact]
    public void Factor_BarelyMoves_OnAFewRows_EvenWhenNoneDelivered()
    {
        var few = UpliftCalibration.Factor(Applied(10, p: 0.4, predicted: 0.1, deliveredShare: 0.0, seed: 3));
        var many = UpliftCalibration.Factor(Applied(2_000, p: 0.4, predicted: 0.1, deliveredShare: 0.0, seed: 3));

        few.Should().BeGreaterThan(0.7);
        many.Should().BeLessThan(0.3);
    }

    [Fact]
    public void Factor_IsOne_WithoutRows()
    {
        UpliftCalibration.Factor([]).Should().Be(1);
    }

    [Fact]
    public void PartialWindow_OverTheWholeHorizon_IsTheClosedWindowRow()
    {
        var row = UpliftCalibration.PartialWindow(0.08, 0.3, churnedSoFar: true, elapsedDays: 90, horizonDays: 90);

        row.PredictedUplift.Should().BeApproximately(0.08, 1e-9);
        row.BaselineChurn.Should().BeApproximately(0.3, 1e-9);
        row.Churned.Should().BeTrue();
    }

    [Fact]
    public void PartialWindow_ScalesRiskAndUplift_ToThePartOfTheWindowThatHasPassed()
    {
        var third = UpliftCalibration.PartialWindow(0.08, 0.3, churnedSoFar: false, elapsedDays: 30, horizonDays: 90);

        third.BaselineChurn.Should().BeApproximately(1 - Math.Pow(0.7, 1 / 3.0), 1e-9);
        third.PredictedUplift.Should().BeApproximately(1 - Math.Pow(0.7, 1 / 3.0) - (1 - Math.Pow(0.78, 1 / 3.0)), 1e-9);
        UpliftCalibration.PartialWindow(0.08, 0.3, false, 0, 90).PredictedUplift.Should().Be(0);
    }

    [Fact]
    public void Factor_OnThirdWindows_AlreadyShrinksAnActionThatDeliveredNothing()
    {
        // Accounts churn within the first 30 of 90 days at the untreated rate: the action did nothing.
        var rng = new Random(4);
        var p = 0.4;
        var rows = Enumerable.Range(0, 3_000)
            .Select(_ => UpliftCalibration.PartialWindow(0.15, p, rng.NextDouble() < 1 - Math.Pow(1 - p, 1 / 3.0), 30, 90)).ToList();

        UpliftCalibration.Factor(rows).Should().BeLessThan(0.5);
    }
}
