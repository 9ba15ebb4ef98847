using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class BulkApplyPanelTests : MudTestContext
{
    [Fact]
    public void Empty_RendersNothing_WhenNoProposalIsEligible()
    {
        var cut = Render<BulkApplyPanel>(p => p.Add(c => c.Proposals, [
            Samples.Proposal(allowed: false, status: ActionStatus.Denied),
            Samples.Proposal("offer_discount", requiresApproval: true),
        ]));

        cut.FindAll("[data-testid=bulk-apply]").Should().BeEmpty();
    }

    [Fact]
    public void Data_ListsOnlyAllowedNonConsequentialProposals()
    {
        var nudge = Samples.Proposal();
        var discount = Samples.Proposal("offer_discount");
        var denied = Samples.Proposal(allowed: false, status: ActionStatus.Denied);

        var cut = Render<BulkApplyPanel>(p => p.Add(c => c.Proposals, [nudge, discount, denied]));

        cut.FindAll("[data-testid=bulk-item]").Select(e => e.GetAttribute("data-proposal-id")).Should().Equal(nudge.ProposalId.ToString());
    }

    [Fact]
    public void ApplySelected_SendsTheCheckedProposals()
    {
        var first = Samples.Proposal();
        var second = Samples.Proposal("show_checklist");
        IReadOnlyList<ProposalView>? sent = null;
        var cut = Render<BulkApplyPanel>(p => p.Add(c => c.Proposals, [first, second]).Add(c => c.OnApply, (IReadOnlyList<ProposalView> v) => sent = v));

        cut.Find($"[data-proposal-id='{second.ProposalId}'] input").Change(true);
        cut.FindAll("button").Single(b => b.TextContent.Contains("Apply selected")).Click();

        sent.Should().NotBeNull();
        sent!.Select(p => p.ProposalId).Should().Equal(second.ProposalId);
    }

    [Fact]
    public void Results_ShowAppliedAndRefusedPerItem_WithTheReason()
    {
        var applied = Samples.Proposal(status: ActionStatus.Applied);
        var refused = Samples.Proposal();
        var results = new Dictionary<Guid, BulkApplyResult>
        {
            [applied.ProposalId] = new(applied.ProposalId, true, "Nudge scheduled"),
            [refused.ProposalId] = new(refused.ProposalId, false, "frequency_cap.user_weekly"),
        };

        var cut = Render<BulkApplyPanel>(p => p.Add(c => c.Proposals, [applied, refused]).Add(c => c.Results, results));

        var shown = cut.FindAll("[data-testid=bulk-result]");
        shown.Select(r => r.GetAttribute("data-applied")).Should().Equal("true", "false");
        shown[1].TextContent.Should().Contain("refused").And.Contain("frequency_cap.user_weekly");
    }
}
