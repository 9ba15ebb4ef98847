using ActionPlane.Engine.Training;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>The feedback-loop section of /audit/models says what triggered the last retraining and what it promoted.</summary>
public sealed class FeedbackLoopViewTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    private static RetrainRun Run(string trigger, bool promoted) => new()
    {
        Id = Guid.NewGuid(), At = At, By = ScheduledRetrainer.Actor, Registered = true, Trigger = trigger, LabelledRows = 420,
        Results = [new UpliftRetrainResult("csm_outreach", 200, 220, "uplift-csm_outreach-20261130-1", true, new Dictionary<string, double>(), null,
            promoted ? null : "Qini -0.0100 does not beat random targeting.", null, promoted)],
    };

    [Fact]
    public void LastRun_NamesItsTrigger_AndWhatItPromoted()
    {
        var scheduled = Render<FeedbackLoopView>(p => p.Add(v => v.Labels, []).Add(v => v.LastRun, Run(RetrainTriggers.Scheduled, promoted: true)));
        var drift = Render<FeedbackLoopView>(p => p.Add(v => v.Labels, []).Add(v => v.LastRun, Run(RetrainTriggers.CalibrationDrift, promoted: false)));
        var auc = Render<FeedbackLoopView>(p => p.Add(v => v.Labels, []).Add(v => v.LastRun, Run(RetrainTriggers.AucDrop, promoted: true)));

        scheduled.Find("[data-testid=loop-last-run]").TextContent.Should()
            .Contain("by system:retrain-scheduler (scheduled)").And.Contain("csm_outreach → uplift-csm_outreach-20261130-1 (promoted)");
        drift.Find("[data-testid=loop-last-run]").TextContent.Should()
            .Contain("(scheduled early: churn calibration drift)").And.NotContain("(promoted)");
        auc.Find("[data-testid=loop-last-run]").TextContent.Should().Contain("(scheduled early: churn AUC fell below its training AUC)");
    }

    [Fact]
    public void LastRun_ThatRetrainedChurnToo_NamesTheChurnModelAndItsRows()
    {
        var churn = new ChurnRetrainResult(310, 90, 40, 600, "churn-20261130-2", true, new Dictionary<string, double>(), "churn-20261101-1", null, Promoted: true);
        var cut = Render<FeedbackLoopView>(p => p.Add(v => v.Labels, []).Add(v => v.LastRun, Run(RetrainTriggers.CalibrationDrift, promoted: false) with { Churn = churn }));

        cut.Find("[data-testid=loop-last-run]").TextContent.Should()
            .Contain("csm_outreach → uplift-csm_outreach-20261130-1; churn → churn-20261130-2 (promoted) on 310 untreated decisions");
    }

    [Fact]
    public void LastRun_SaysHowManyRowsWereLeftOutForAnOlderFeatureList_OnlyWhenThereWereAny()
    {
        var older = Render<FeedbackLoopView>(p => p.Add(v => v.Labels, []).Add(v => v.LastRun, Run(RetrainTriggers.Manual, promoted: false) with { OlderFeatureRows = 35 }));
        var current = Render<FeedbackLoopView>(p => p.Add(v => v.Labels, []).Add(v => v.LastRun, Run(RetrainTriggers.Manual, promoted: false)));

        older.Find("[data-testid=loop-last-run]").TextContent.Should().Contain("35 of its 420 labelled rows were recorded with an older feature list and were not trained on.");
        current.Find("[data-testid=loop-last-run]").TextContent.Should().NotContain("older feature list");
    }

    [Fact]
    public void NoActionRow_IsNamedAsTheControlOfTheActionsItWeighed()
    {
        var cut = Render<FeedbackLoopView>(p => p.Add(v => v.Labels, [new LabelCount(TrainingExample.NoActionType, 0, 80, 0, At)]));

        cut.Find("[data-testid=loop-labels]").TextContent.Should().Contain("no action (control of the actions it weighed)");
    }
}
