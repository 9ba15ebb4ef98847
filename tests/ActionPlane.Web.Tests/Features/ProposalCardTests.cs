using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Policies;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class ProposalCardTests : MudTestContext
{
    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ProposalCard> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public void AllowedProposal_ShowsWhyScoresAndCanBeApplied()
    {
        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, Samples.Proposal()).Add(c => c.Status, ActionStatus.Allowed));

        cut.Find("[data-testid=proposal-why]").TextContent.Should().Contain("Usage fell");
        cut.Find("[data-testid=proposal-scores]").TextContent.Should().Contain("expected value");
        cut.Find("[data-testid=policy-verdict]").TextContent.Should().Contain("Allowed by policy");
        Button(cut, "Apply").HasAttribute("disabled").Should().BeFalse();
    }

    // Regression: the trigger stood in the summary, on a line of its own and again in the driver list.
    [Fact]
    public void Trigger_IsMarkedInTheDriverList_NotRepeatedOnItsOwnLine_WhenItIsADriver()
    {
        var sample = Samples.Proposal();
        var proposal = sample with { Explanation = sample.Explanation with { TriggeringSignal = "Usage trend fell 40 %." } };

        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, proposal).Add(c => c.Status, ActionStatus.Allowed));

        cut.FindAll("[data-testid=proposal-trigger]").Should().BeEmpty();
        cut.Find("[data-testid=proposal-drivers] li").TextContent.Should().Contain("Usage trend fell 40 %").And.Contain("triggering signal");
    }

    [Fact]
    public void Trigger_HasItsOwnLine_WhenNoDriverStatesIt()
    {
        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, Samples.Proposal()).Add(c => c.Status, ActionStatus.Allowed));

        cut.Find("[data-testid=proposal-trigger]").TextContent.Should().Contain("Weekly active users dropped");
        cut.Find("[data-testid=proposal-drivers]").TextContent.Should().NotContain("triggering signal");
    }

    [Fact]
    public void Scores_AreInDollars_AndEachModelTermExplainsItself()
    {
        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, Samples.Proposal()).Add(c => c.Status, ActionStatus.Allowed));

        var scores = cut.Find("[data-testid=proposal-scores]");
        scores.TextContent.Should().Contain("value at stake $744").And.Contain("expected value $36");
        scores.QuerySelectorAll("[data-testid=help-term]").Select(t => t.GetAttribute("aria-label")).Should()
            .Contain(h => h!.StartsWith("Expected value: uplift × value at stake", StringComparison.Ordinal))
            .And.OnlyContain(h => !string.IsNullOrWhiteSpace(h));
    }

    [Fact]
    public void TracedProposal_ShowsTheDecisionTrace_ForTheCsm()
    {
        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, Samples.TracedProposal()).Add(c => c.Status, ActionStatus.Allowed));

        var trace = cut.Find("[data-testid=decision-trace]");
        trace.GetAttribute("data-arm").Should().Be("exploit");
        cut.Find("[data-testid=trace-value]").TextContent.Should().Contain("647").And.Contain("uplift model");
        cut.Find("[data-testid=trace-policy]").TextContent.Should().Contain("eligibility");
        cut.Find("[data-testid=trace-caps]").TextContent.Should().Contain("nudges_user_7d = 1");
        cut.Find("[data-testid=trace-versions]").TextContent.Should().Contain("uplift/schedule_nudge-1").And.Contain("rev-abc");
        cut.Find("[data-testid=trace-end-user-why]").TextContent.Should().Contain("automations");
        Button(cut, "Apply").HasAttribute("disabled").Should().BeFalse();
    }

    // Regression: only the collapsed trace said which card was the engine's pick; the rest are alternatives a CSM may still apply.
    [Fact]
    public void Card_SaysWhetherTheEngineRecommendedIt_OrWhyItIsAnAlternative()
    {
        var chosen = Samples.TracedProposal();
        var alternative = chosen with { Explanation = chosen.Explanation with { Trace = chosen.Trace! with { Chosen = false, DroppedBecause = "not_worth_it", Propensity = 0 } } };

        var first = Render<ProposalCard>(p => p.Add(c => c.Proposal, chosen).Add(c => c.Status, ActionStatus.Allowed));
        var second = Render<ProposalCard>(p => p.Add(c => c.Proposal, alternative).Add(c => c.Status, ActionStatus.Allowed));

        first.Find("[data-testid=proposal-choice]").TextContent.Trim().Should().Be("Recommended");
        second.Find("[data-testid=proposal-choice]").TextContent.Trim().Should().Be("Alternative (not worth acting on)");
    }

    // Regression: the trace listed every uplift version the account was scored with, comma-joined, and the uplift as a bare fraction.
    [Fact]
    public void Trace_NamesThisActionsUpliftVersion_AndTheUpliftInPercent()
    {
        var proposal = Samples.TracedProposal();
        var traced = proposal with { Explanation = proposal.Explanation with { Trace = proposal.Trace! with
        {
            UpliftModelVersion = "uplift/csm_outreach-20261207-1,uplift/schedule_nudge-20261207-1,uplift/show_checklist-20261207-1",
        } } };

        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, traced).Add(c => c.Status, ActionStatus.Allowed));

        var versions = cut.Find("[data-testid=trace-versions]").TextContent;
        versions.Should().Contain("uplift uplift/schedule_nudge-20261207-1").And.NotContain("csm_outreach").And.NotContain("show_checklist");
        cut.Find("[data-testid=trace-value]").TextContent.Should().Contain("uplift 5 %").And.Contain("(± 1 %)");
    }

    // Regression: the status chip showed the enum's name ("AwaitingApproval", "RolledBack").
    [Theory]
    [InlineData(ActionStatus.AwaitingApproval, "Awaiting approval")]
    [InlineData(ActionStatus.RolledBack, "Undone")]
    [InlineData(ActionStatus.Applied, "Applied")]
    public void StatusChip_SaysTheStatusInWords(ActionStatus status, string text)
    {
        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, Samples.Proposal(status: status)).Add(c => c.Status, status));

        cut.Find("[data-testid=proposal-status]").TextContent.Trim().Should().Be(text);
    }

    [Fact]
    public void SuggestOnlyProposal_SaysTheBudgetIsSpent_AndOffersNoOneClickApply()
    {
        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, Samples.TracedProposal(suggestOnly: true)).Add(c => c.Status, ActionStatus.Allowed));

        cut.Find("[data-testid=proposal-not-actionable]").TextContent.Should().Contain("budget").And.Contain("100 of 100");
        Button(cut, "Apply").HasAttribute("disabled").Should().BeTrue();
        Button(cut, "Simulate").HasAttribute("disabled").Should().BeFalse("a suggest-only action can still be previewed");
    }

    [Fact]
    public void DeniedProposal_ShowsEachReason_AndCannotBeApplied()
    {
        var proposal = Samples.Proposal(allowed: false, status: ActionStatus.Denied,
            deny: [new PolicyViolation("frequency_cap.user_weekly", "The user already got 3 nudges this week.")]);

        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, proposal).Add(c => c.Status, ActionStatus.Denied));

        cut.Find("[data-testid=deny-reasons]").TextContent.Should().Contain("frequency_cap.user_weekly").And.Contain("3 nudges");
        Button(cut, "Apply").HasAttribute("disabled").Should().BeTrue();
    }

    // An open proposal still "allowed" from when it was proposed, which the gate now refuses (the account churned since).
    [Theory]
    [InlineData("schedule_nudge", false)]
    [InlineData("offer_discount", true)]
    public void OpenProposal_TheGateNowDenies_ShowsTheReason_InsteadOfApplyOrApprovalRequest(string actionType, bool requiresApproval)
    {
        var proposal = Samples.Proposal(actionType, allowed: false, requiresApproval: requiresApproval, status: ActionStatus.Allowed,
            deny: [new PolicyViolation("eligibility.churned", "Account acc-1 churned on 2026-11-20: former customers get no actions.")]);

        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, proposal).Add(c => c.Status, ActionStatus.Allowed));

        cut.Find("[data-testid=policy-verdict]").TextContent.Should().Contain("Denied by policy");
        cut.Find("[data-testid=deny-reasons]").TextContent.Should().Contain("eligibility.churned").And.Contain("churned on 2026-11-20");
        Button(cut, "Apply").HasAttribute("disabled").Should().BeTrue();
        cut.FindAll("button").Should().NotContain(b => b.TextContent.Contains("Request approval"));
    }

    [Fact]
    public void ConsequentialProposal_OffersApprovalRequest_InsteadOfApply()
    {
        var proposal = Samples.Proposal("offer_discount", requiresApproval: true);

        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, proposal).Add(c => c.Status, ActionStatus.Allowed));

        Button(cut, "Request approval").Should().NotBeNull();
        Button(cut, "Apply").HasAttribute("disabled").Should().BeTrue();
    }

    [Fact]
    public void AppliedProposal_ShowsReceipt_AndUndoCallsBack()
    {
        var proposal = Samples.Proposal();
        var undone = false;
        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, proposal).Add(c => c.Status, ActionStatus.Applied)
            .Add(c => c.Receipt, Samples.Receipt(proposal.ProposalId))
            .Add(c => c.OnUndo, () => undone = true));

        cut.Find("[data-testid=apply-receipt]").TextContent.Should().Contain("Nudge scheduled");
        Button(cut, "Apply").HasAttribute("disabled").Should().BeTrue();
        Button(cut, "Undo").Click();

        undone.Should().BeTrue();
    }

    [Fact]
    public void UserFacingProposal_ShowsWhoReceivesIt_AmongTheAccountsUsers()
    {
        var users = new[]
        {
            new EndUser { Id = "user-1", AccountId = "acc-1", Email = "ann@example.com", Name = "Ann", Role = "member" },
            new EndUser { Id = "user-2", AccountId = "acc-1", Email = "bo@example.com", Name = "Bo", Role = "admin" },
        };

        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, Samples.Proposal()).Add(c => c.Status, ActionStatus.Allowed)
            .Add(c => c.Users, users));

        var target = cut.Find("[data-testid=proposal-target]");
        target.TextContent.Should().Contain("For user").And.Contain("Ann (ann@example.com)").And.NotContain("Bo (");
    }

    [Fact]
    public void AccountLevelProposal_HasNoRecipientChoice()
    {
        var proposal = Samples.Proposal("csm_outreach") with { UserId = null };

        var cut = Render<ProposalCard>(p => p.Add(c => c.Proposal, proposal).Add(c => c.Status, ActionStatus.Allowed)
            .Add(c => c.Users, [new EndUser { Id = "user-1", AccountId = "acc-1", Email = "ann@example.com", Name = "Ann", Role = "member" }]));

        cut.FindAll("[data-testid=proposal-target]").Should().BeEmpty();
    }
}
