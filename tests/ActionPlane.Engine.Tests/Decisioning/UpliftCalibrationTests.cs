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
}
