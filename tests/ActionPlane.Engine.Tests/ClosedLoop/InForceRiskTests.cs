using ActionPlane.Engine.ClosedLoop;

namespace ActionPlane.Engine.Tests.ClosedLoop;

public sealed class InForceRiskTests
{
    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
    private static double Logit(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void ActionsInForceForTheWholeHorizon_ShiftTheLogOdds_ByTheirSum()
    {
        var risk = InForceRisk.Forward(0.3, [(-0.4, 90), (-0.2, 120)], 90);

        risk.Should().BeApproximately(Logistic(Logit(0.3) - 0.6), 1e-12);
    }

    [Fact]
    public void AnActionWithHalfTheHorizonLeft_CountsForHalfTheDailyHazard()
    {
        var treated = Logistic(Logit(0.3) - 0.8);

        var risk = InForceRisk.Forward(0.3, [(-0.8, 45)], 90);

        // Constant daily hazard in each half: survival (1 − treated)^½ · (1 − 0.3)^½.
        risk.Should().BeApproximately(1 - Math.Sqrt((1 - treated) * (1 - 0.3)), 1e-12);
        risk.Should().BeInRange(treated, 0.3);
    }

    [Fact]
    public void StackedActionsEndingAtDifferentDays_AreCountedStretchByStretch()
    {
        // Days 0–29 both in force, 30–59 only the second, 60–89 none.
        double p = 0.25, a = -0.5, b = -0.3;
        var both = Logistic(Logit(p) + a + b);
        var second = Logistic(Logit(p) + b);
        var expected = 1 - Math.Pow((1 - both) * (1 - second) * (1 - p), 1.0 / 3);

        InForceRisk.Forward(p, [(a, 30), (b, 60)], 90).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void NoActionInForce_LeavesTheRiskAsItIs()
    {
        InForceRisk.Forward(0.4, [], 90).Should().Be(0.4);
        InForceRisk.Forward(0.4, [(-1.0, 0)], 90).Should().BeApproximately(0.4, 1e-12);
    }
}
