using ActionPlane.Engine.ClosedLoop;

namespace ActionPlane.Engine.Tests.ClosedLoop;

public sealed class CalibrationRowsTests
{
    private static LoggedStep Applied(int account, string action, bool stacked, bool retained) => new()
    {
        Week = 0,
        Day = 0,
        AccountIndex = account,
        Features = [],
        ChurnProbability = 0.3,
        AccountValue = 1000,
        CandidateCosts = new Dictionary<string, decimal>(),
        Action = action,
        PredictedUplift = 0.05,
        BaselineChurn = stacked ? 0.1 : 0.3,
        StackedOnOwn = stacked,
        Retained = retained,
        OutcomeDay = 90,
    };

    [Fact]
    public void CalibrationRows_LeaveOutActionsStackedOnNbasOwnActionsInForce()
    {
        // The stacked action's baseline is nba's belief about the risk its earlier actions left, the very
        // thing the calibration checks; counting it would judge the type by that belief.
        var logs = new[]
        {
            Applied(1, "prefill_form", stacked: false, retained: true),
            Applied(2, "prefill_form", stacked: true, retained: false),
            Applied(3, "pin_shortcut", stacked: true, retained: true),
            new LoggedStep { Week = 0, Day = 0, AccountIndex = 4, Features = [], ChurnProbability = 0.3, AccountValue = 1000, CandidateCosts = new Dictionary<string, decimal>() },
        };

        var rows = ClosedLoopSimulator.CalibrationRows(logs, day: 91, partialWindows: false);

        rows.Keys.Should().BeEquivalentTo(["prefill_form"]);
        rows["prefill_form"].Should().ContainSingle().Which.BaselineChurn.Should().Be(0.3);
    }
}
