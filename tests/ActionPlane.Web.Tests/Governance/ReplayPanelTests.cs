using System.Text.Json.Nodes;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Policies;
using ActionPlane.Web.Features.Audit;
using ActionPlane.Web.Features.Policies;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ReplayPanelTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly DecisionRecord Record = new() { Id = Guid.NewGuid(), DecisionId = "d-1", PolicyRevision = "aaaaaaaaaaaa", ActionType = "offer_discount" };

    private static PolicyRevisionSummary Revision(string id, bool active = false) => new(id, At, At, 12, active);

    [Fact]
    public void ShowsProgress_WhileRevisionsLoad()
    {
        var cut = Render<ReplayPanel>(p => p.Add(v => v.Record, Record));

        cut.FindAll("[data-testid=replay-loading]").Should().ContainSingle();
    }

    [Fact]
    public void SaysThereIsNothingToReplayUnder_WhenNoRevisionIsStored()
    {
        var cut = Render<ReplayPanel>(p => p.Add(v => v.Record, Record).Add(v => v.Revisions, []));

        cut.Find("[data-testid=replay-empty]").TextContent.Should().Contain("No stored policy revision");
    }

    [Fact]
    public void ShowsTheError_WhenTheReplayIsRefused()
    {
        var cut = Render<ReplayPanel>(p => p.Add(v => v.Record, Record).Add(v => v.Revisions, [Revision("aaaaaaaaaaaa")])
            .Add(v => v.Error, "revision: no stored policy revision 'zzz'"));

        cut.Find("[data-testid=replay-error]").TextContent.Should().Contain("no stored policy revision");
    }

    [Fact]
    public void ReplaysUnderTheNewestOtherRevisionByDefault_AndShowsTheVerdictChange()
    {
        string? asked = null;
        var recorded = new PolicyEvaluated(Record.Id, "propose", "d-1", true, [], true, "aaaaaaaaaaaa", [], [], 0, "csm@demo.local", At);
        var replayed = new PolicyDecision("d-2", false, [new PolicyViolation("approval.max_discount", "A 20 percent discount exceeds the maximum of 15 percent.")], true, [], "bbbbbbbbbbbb", 0);
        var result = ReplayResult.Compare(Record.Id, recorded, replayed);

        var cut = Render<ReplayPanel>(p => p.Add(v => v.Record, Record)
            .Add(v => v.Revisions, [Revision("bbbbbbbbbbbb", active: true), Revision("aaaaaaaaaaaa")])
            .Add(v => v.OnReplay, revision => asked = revision));
        cut.Find("[data-testid=replay-button]").Click();
        cut.Render(p => p.Add(v => v.Result, result));

        asked.Should().Be("bbbbbbbbbbbb");
        cut.Find("[data-testid=replay-summary]").TextContent.Should().Contain("changes from requires_approval to deny");
        cut.Find("[data-testid=replay-recorded-verdict]").TextContent.Should().Be("requires_approval");
        cut.Find("[data-testid=replay-replayed-verdict]").TextContent.Should().Be("deny");
        cut.Find("[data-testid=replay-deny-added]").TextContent.Should().Contain("approval.max_discount");
        cut.FindAll("[data-testid=replay-deny-removed]").Should().BeEmpty();
    }

    [Fact]
    public void SaysTheRevisionCannotJudgeTheDecision_WhenItDoesNotKnowTheOperation_WithoutAVerdictChange()
    {
        var recorded = new PolicyEvaluated(Record.Id, "approve", "d-1", true, [], true, "aaaaaaaaaaaa", new JsonObject(), [], 0, "approver", At);
        var unknown = new PolicyDecision("d-2", false, [new PolicyViolation("gate.invalid_operation", "Operation approve is not one of propose, apply or undo.")], true, [], "bbbbbbbbbbbb", 0);
        var result = ReplayResult.Compare(Record.Id, recorded, unknown, ["apply", "propose", "undo"]);

        var cut = Render<ReplayPanel>(p => p.Add(v => v.Record, Record).Add(v => v.Revisions, [Revision("bbbbbbbbbbbb")]).Add(v => v.Result, result));

        cut.Find("[data-testid=replay-operation-unknown]").TextContent.Should()
            .Contain("Revision bbbbbbbbbbbb cannot judge this approve decision").And.Contain("its gate knows only apply, propose, undo");
        cut.Find("[data-testid=replay-recorded-only]").TextContent.Should().Contain("requires_approval");
        cut.FindAll("[data-testid=replay-summary]").Should().BeEmpty("there is no verdict to compare");
        cut.FindAll("[data-testid=replay-deny-added]").Should().BeEmpty();
        cut.FindAll("[data-testid=replay-replayed-verdict]").Should().BeEmpty();
    }

    [Fact]
    public void SaysTheOutcomeIsTheSame_WhenNothingChanges()
    {
        var recorded = new PolicyEvaluated(Record.Id, "propose", "d-1", true, [], false, "aaaaaaaaaaaa", new JsonObject(), [], 0, "csm", At);
        var result = ReplayResult.Compare(Record.Id, recorded, new PolicyDecision("d-2", true, [], false, [], "aaaaaaaaaaaa", 0));

        var cut = Render<ReplayPanel>(p => p.Add(v => v.Record, Record).Add(v => v.Revisions, [Revision("aaaaaaaaaaaa")]).Add(v => v.Result, result));

        cut.Find("[data-testid=replay-summary]").TextContent.Should().Contain("the outcome is the same: allow");
    }
}
