using ActionPlane.Engine.Models.Drift;

namespace ActionPlane.Engine.Tests.Models.Drift;

/// <summary>What the scheduled retrainer's calibration trigger reads: the ECE change, only over enough recent outcomes.</summary>
public sealed class DriftReportTests
{
    private static DriftReport WithRecent(ReliabilityCurve recent) => new(
        "churn-1", DateTimeOffset.UnixEpoch, true, 10, [],
        ReliabilityCurve.Of([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), recent, [], new RecentAuc(4, null, null, 0, 0, null, null));

    // Both curves equally miscalibrated per outcome (a churner scored 0.30), so only the count differs.
    private static ReliabilityCurve Churners(int n) => ReliabilityCurve.Of([.. Enumerable.Repeat(0.3, n)], [.. Enumerable.Repeat(true, n)]);

    [Fact]
    public void EceChange_BelowTheMinimumOfRecentOutcomes_IsNull_SoOneChurnerCannotTriggerARetrain()
    {
        WithRecent(Churners(1)).EceChange.Should().BeNull();
        WithRecent(Churners(DriftReport.MinRecentOutcomesForEce - 1)).EceChange.Should().BeNull();
    }

    [Fact]
    public void EceChange_FromTheMinimumOn_IsTheRecentMinusTheTrainingEce()
    {
        var report = WithRecent(Churners(DriftReport.MinRecentOutcomesForEce));

        report.EceChange.Should().BeApproximately(0.7 - report.TrainingCalibration!.Ece, 1e-9);
    }
}
