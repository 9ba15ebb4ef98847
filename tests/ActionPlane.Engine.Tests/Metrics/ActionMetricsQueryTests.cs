using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Metrics;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Metrics;

public sealed class ActionMetricsQueryTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private static readonly Actor Billing = new("billing-sync", ["system"]);

    [Fact]
    public async Task Window_CountsEveryStageAndDerivesTheRates()
    {
        // Two outreach proposals (past the 14-day cooldown apart): one applied and retained, one that
        // failed once, was applied, then undone.
        var first = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(first.ProposalId, "a", LifecycleHarness.Csm);
        await H.Get<OutcomeRecorder>().RecordAsync(first.ProposalId, "retained", 1200, Billing);
        H.Clock.Advance(TimeSpan.FromDays(15));
        var second = await H.ProposeAsync("csm_outreach");
        await AppendAsync(second.ProposalId, new ActionApplyFailed(second.ProposalId, "b", LifecycleHarness.Csm.Id, "CRM timed out", H.Clock.GetUtcNow()));
        var receipt = await H.Applier.ApplyAsync(second.ProposalId, "b", LifecycleHarness.Csm);
        await H.Applier.UndoAsync(second.ProposalId, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);

        var rows = await H.Get<ActionMetricsQuery>().QueryAsync(H.Clock.GetUtcNow().AddDays(-30), H.Clock.GetUtcNow().AddMinutes(1), MetricsGrouping.Window, "csm_outreach");

        var m = rows.Should().ContainSingle().Subject;
        m.Week.Should().BeNull();
        m.Proposed.Should().Be(2);
        m.Allowed.Should().Be(2);
        m.Denied.Should().Be(0);
        m.Applied.Should().Be(2);
        m.Undone.Should().Be(1);
        m.ApplyFailures.Should().Be(1);
        m.SuccessfulOutcomes.Should().Be(1);
        m.ReversalRate.Should().Be(0.5);
        m.ErrorRate.Should().BeApproximately(1.0 / 3, 1e-9);
        m.AcceptanceRate.Should().Be(1.0);
        m.Cost.Should().Be(first.Scores.Cost, "the undone action's cost was compensated");
        m.CostPerSuccessfulAction.Should().Be(Math.Round(first.Scores.Cost, 2));
    }

    [Fact]
    public async Task Window_CountsDeniedProposalsAndApprovals()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var discount = batch.Proposals.Single(p => p.ActionType == "offer_discount");
        await H.Approvals.ApproveAsync(discount.ProposalId, LifecycleHarness.Approver);

        var rows = await H.Get<ActionMetricsQuery>().QueryAsync(H.Clock.GetUtcNow().AddDays(-1), H.Clock.GetUtcNow().AddMinutes(1), MetricsGrouping.Window);

        rows.Sum(r => r.Proposed).Should().Be(batch.Proposals.Count);
        rows.Sum(r => r.Allowed).Should().Be(batch.Proposals.Count(p => p.Allowed));
        rows.Sum(r => r.Denied).Should().Be(batch.Proposals.Count(p => !p.Allowed));
        rows.Single(r => r.ActionType == "offer_discount").Approvals.Should().Be(1);
        rows.Sum(r => r.Applied).Should().Be(0);
        rows.Should().OnlyContain(r => r.ReversalRate == null && r.ErrorRate == null && r.CostPerSuccessfulAction == null);
    }

    [Fact]
    public async Task Weekly_PutsEachProposalInTheIsoWeekItWasProposedIn()
    {
        var monday = LifecycleHarness.Start; // 2026-11-23, ISO week 48
        var a = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(a.ProposalId, "a", LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromDays(7));
        await H.ProposeAsync("csm_outreach");
        var b = await H.ProposeAsync("csm_outreach");
        // Applied a week later than proposed: still counts in its proposal's week (cohort).
        H.Clock.Advance(TimeSpan.FromDays(7));
        await H.Applier.ApplyAsync(b.ProposalId, "b", LifecycleHarness.Csm);

        var rows = await H.Get<ActionMetricsQuery>().QueryAsync(monday.AddDays(-7), monday.AddDays(21), MetricsGrouping.Week, "csm_outreach");

        rows.Select(r => (r.Week, r.Proposed, r.Applied)).Should().Equal(("2026-W48", 1, 1), ("2026-W49", 2, 1));
        rows[0].From.Should().Be(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        rows[0].To.Should().Be(rows[1].From);
    }

    [Fact]
    public async Task Attempted_GivesTheAutonomyEvidenceOfTheWholeWindow_FromTheRecordsAnApplyWasTriedOn()
    {
        // One batch of candidates; outreach applied then undone; the checklist failed once and was never applied;
        // the rest were never touched.
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var outreach = batch.Proposals.Single(p => p.ActionType == "csm_outreach");
        var checklist = batch.Proposals.Single(p => p.ActionType == "show_checklist");
        var receipt = await H.Applier.ApplyAsync(outreach.ProposalId, "a", LifecycleHarness.Csm);
        await H.Applier.UndoAsync(outreach.ProposalId, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);
        await AppendAsync(checklist.ProposalId, new ActionApplyFailed(checklist.ProposalId, "b", LifecycleHarness.Csm.Id, "timed out", H.Clock.GetUtcNow()));
        var (from, to) = (H.Clock.GetUtcNow().AddDays(-30), H.Clock.GetUtcNow().AddMinutes(1));
        await using var session = H.Store.QuerySession();

        var all = await ActionMetricsQuery.QueryAsync(session, from, to, MetricsGrouping.Window, null, CancellationToken.None);
        var attempted = await ActionMetricsQuery.AttemptedAsync(session, from, to, CancellationToken.None);

        attempted.Select(m => m.ActionType).Should().BeEquivalentTo(["csm_outreach", "show_checklist"]);
        attempted.Select(Evidence).Should().BeEquivalentTo(all.Where(m => m.Applied + m.ApplyFailures > 0).Select(Evidence));
        attempted.Single(m => m.ActionType == "csm_outreach").ReversalRate.Should().Be(1.0);
        attempted.Single(m => m.ActionType == "show_checklist").ErrorRate.Should().Be(1.0);
        all.Sum(m => m.Proposed).Should().Be(batch.Proposals.Count, "the untouched candidates are in the full window only");
    }

    private static object Evidence(ActionMetrics m) => new { m.ActionType, m.Applied, m.Undone, m.ApplyFailures, m.ReversalRate, m.ErrorRate, m.Cost };

    [Fact]
    public async Task Query_WithEmptyPeriod_IsRefused()
    {
        var now = H.Clock.GetUtcNow();

        var act = () => H.Get<ActionMetricsQuery>().QueryAsync(now, now, MetricsGrouping.Window);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*must be after*");
    }

    private async Task AppendAsync(Guid proposalId, object e)
    {
        await using var session = H.Store.LightweightSession();
        session.Events.Append(proposalId, e);
        await session.SaveChangesAsync();
    }
}
