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

    [Theory]
    [InlineData(-1.2, 0.95, 1.05)]
    // Half the believed log-odds shift takes off about 0.59 of the believed in-force uplift on these risks.
    [InlineData(-0.6, 0.52, 0.66)]
    public void InForceCalibrationRows_MeasureTheShareOfTheBelievedShiftTheOutcomesShow(double trueShift, double low, double high)
    {
        // nba believed its earlier actions in force shift the log-odds by −1.2; outcomes are drawn with the true shift.
        var random = new Random(7);
        var rows = new List<ActionPlane.Engine.Decisioning.Learning.CalibrationRow>();
        for (var i = 0; i < 20_000; i++)
        {
            var p = 0.1 + 0.4 * random.NextDouble();
            var applied = i % 2 == 0 ? 0 : -0.3;
            var churned = random.NextDouble() < Logistic(Logit(p) + applied + trueShift);
            rows.Add(InForceRisk.CalibrationRow(p, applied, [(-1.2, 90)], churned, 90, 90));
        }

        ActionPlane.Engine.Decisioning.Learning.UpliftCalibration.Factor(rows).Should().BeInRange(low, high);
    }

    [Fact]
    public void AnInForceCalibrationRowHalfwayThroughItsWindow_CarriesHalfTheHazard()
    {
        var row = InForceRisk.CalibrationRow(0.3, 0, [(-1.0, 90)], churnedSoFar: false, 45, 90);

        row.BaselineChurn.Should().BeApproximately(1 - Math.Sqrt(0.7), 1e-12);
        row.PredictedUplift.Should().BeApproximately(Math.Sqrt(1 - Logistic(Logit(0.3) - 1.0)) - Math.Sqrt(0.7), 1e-12);
    }

    [Fact]
    public void AnInForceCalibrationRow_CountsEachActionForTheDaysItHadLeftInTheWindow()
    {
        // 30 of the 90 days under the action: a third of the hazard at the shifted risk.
        var row = InForceRisk.CalibrationRow(0.3, 0, [(-1.0, 30)], churnedSoFar: false, 90, 90);
        var treated = 1 - Math.Pow(1 - Logistic(Logit(0.3) - 1.0), 1.0 / 3) * Math.Pow(0.7, 2.0 / 3);

        row.BaselineChurn.Should().BeApproximately(0.3, 1e-12);
        row.PredictedUplift.Should().BeApproximately(0.3 - treated, 1e-12);
        row.PredictedUplift.Should().BeApproximately(0.3 - InForceRisk.Forward(0.3, [(-1.0, 30)], 90), 1e-12);
    }

    [Fact]
    public void AStackedAction_WithItsEarlierActionInForceForTheWholeWindow_IsMeasuredOnTheRiskNbaDecidedOn()
    {
        // Factor 1 and the earlier action in force all window long: the risk over the window is the one decided on.
        var decidedOn = Logistic(Logit(0.3) - 1.0);

        var (uplift, baseline) = InForceRisk.OverWindow(0.3, 0.02, decidedOn, [(-1.0, 90)], 1.0, 90);

        baseline.Should().BeApproximately(decidedOn, 1e-12);
        uplift.Should().BeApproximately(0.02, 1e-12);
    }

    [Fact]
    public void AStackedAction_IsMeasuredOnTheRiskOverItsWindow_WithTheEarlierActionForItsDaysLeft_AndTheInForceFactor()
    {
        // nba decided on 0.3 shifted by −1.0 for the whole horizon; the earlier action has 30 days left and
        // its outcomes say half its believed shift is delivered.
        var decidedOn = Logistic(Logit(0.3) - 1.0);
        var actionShift = Logit(decidedOn - 0.02) - Logit(decidedOn);

        var (uplift, baseline) = InForceRisk.OverWindow(0.3, 0.02, decidedOn, [(-1.0, 30)], 0.5, 90);

        baseline.Should().BeApproximately(InForceRisk.Forward(0.3, [(-0.5, 30)], 90), 1e-12);
        baseline.Should().BeGreaterThan(decidedOn);
        uplift.Should().BeApproximately(baseline - Logistic(Logit(baseline) + actionShift), 1e-12);
        uplift.Should().BeGreaterThan(0.02, "the same shift saves more on the higher risk");
    }
}
