using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Nudges;

public sealed class NudgeServiceTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task AppliedNudge_IsListedForItsUser_WithAPiiFreeWhy()
    {
        var receipt = await ApplyAsync("show_checklist");

        var nudges = await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId);
        var others = await H.Nudges.GetForUserAsync(LifecycleHarness.AdminId);

        var nudge = nudges.Should().ContainSingle().Subject;
        nudge.NudgeId.Should().Be(receipt.TargetId);
        nudge.Category.Should().Be("onboarding");
        nudge.Why.Should().StartWith("You're seeing this because");
        nudge.Why.Should().NotContainAny("Bob", "bob@", "Northwind", LifecycleHarness.AccountId, LifecycleHarness.MemberId, "7");
        others.Should().BeEmpty();
    }

    [Fact]
    public async Task MarkShown_RecordsNudgeShownOnce()
    {
        var receipt = await ApplyAsync("pin_shortcut");
        await ApplyAsync("show_checklist");
        var nudgeId = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single().NudgeId;

        await H.Nudges.MarkShownAsync(nudgeId, LifecycleHarness.MemberId);
        await H.Nudges.MarkShownAsync(nudgeId, LifecycleHarness.MemberId);

        var proposalId = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single().ProposalId;
        (await H.EventsAsync(proposalId)).OfType<NudgeShown>().Should().HaveCount(1);
        receipt.TargetId.Should().StartWith("pin-", "pins are not inbox nudges");
    }

    [Fact]
    public async Task Dismiss_NotRelevant_HidesTheNudgeAndSuppressesItsCategoryForTheUser()
    {
        // Arrange
        await ApplyAsync("show_checklist");
        var nudge = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single();

        // Act
        await H.Nudges.DismissAsync(nudge.NudgeId, LifecycleHarness.MemberId, "not_relevant");

        // Assert
        (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Should().BeEmpty();
        (await H.EventsAsync(nudge.ProposalId)).OfType<NudgeDismissed>().Should().ContainSingle()
            .Which.Should().Match<NudgeDismissed>(d => d.Kind == "not_relevant" && d.Category == "onboarding");
        var next = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var checklist = next.Proposals.Single(p => p.ActionType == "show_checklist");
        var record = await H.Decisions.GetAsync(checklist.ProposalId);
        var suppression = record!.Input["history"]!["suppressions"]!.AsArray().Should().ContainSingle().Subject!;
        suppression["scope"]!.GetValue<string>().Should().Be("category");
        suppression["value"]!.GetValue<string>().Should().Be("onboarding");
        suppression["until"]!.GetValue<string>().Should().Be("2027-01-22T10:00:00Z", "60 days (limits.suppression_days) after the dismissal");
        checklist.Deny.Should().Contain(d => d.Rule == "consent.category_suppressed");
    }

    [Fact]
    public async Task Dismiss_SomeoneElsesNudge_IsForbiddenAndChangesNothing()
    {
        await ApplyAsync("show_checklist");
        var nudge = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single();

        var act = () => H.Nudges.DismissAsync(nudge.NudgeId, LifecycleHarness.AdminId);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.Forbidden);
        (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Should().ContainSingle();
    }

    [Fact]
    public async Task Dismiss_WithUnknownKind_IsInvalid()
    {
        var act = () => H.Nudges.DismissAsync("nudge-x", LifecycleHarness.MemberId, "annoying");

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Message.Should().Contain("kind");
    }

    [Fact]
    public async Task NotRelevant_RecordsANegativeLabel_AndIsListedAsHiddenFor60Days()
    {
        await ApplyAsync("show_checklist");
        var nudge = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single();

        await H.Nudges.DismissAsync(nudge.NudgeId, LifecycleHarness.MemberId);

        (await H.EventsAsync(nudge.ProposalId)).OfType<OutcomeObserved>().Should().ContainSingle()
            .Which.Outcome.Should().Be("not_relevant");
        var hidden = (await H.Nudges.GetHiddenAsync(LifecycleHarness.MemberId)).Should().ContainSingle().Subject;
        hidden.Should().Match<Engine.Nudges.HiddenNudgeView>(h => h.NudgeId == nudge.NudgeId && h.Scope == "category" && h.Value == "onboarding" && h.DaysLeft == 60);
    }

    [Fact]
    public async Task NotRelevant_ForTheActionScope_DeniesThatActionButNotOthersOfTheCategory()
    {
        await ApplyAsync("show_checklist");
        var nudge = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single();

        await H.Nudges.DismissAsync(nudge.NudgeId, LifecycleHarness.MemberId, "not_relevant", "action");

        var next = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);
        next.Proposals.Single(p => p.ActionType == "show_checklist").Deny.Select(d => d.Rule).Should().Contain("consent.action_suppressed");
        next.Proposals.Where(p => p.ActionType != "show_checklist").SelectMany(p => p.Deny).Select(d => d.Rule)
            .Should().NotContain(r => r.StartsWith("consent.") && r.EndsWith("_suppressed"));
    }

    [Fact]
    public async Task Suppression_EndsAfterItsWindow()
    {
        await ApplyAsync("show_checklist");
        var nudge = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single();
        await H.Nudges.DismissAsync(nudge.NudgeId, LifecycleHarness.MemberId);

        H.Clock.Advance(TimeSpan.FromDays(61));

        (await H.Nudges.GetHiddenAsync(LifecycleHarness.MemberId)).Should().BeEmpty();
        var next = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);
        next.Proposals.Single(p => p.ActionType == "show_checklist").Deny.Select(d => d.Rule).Should().NotContain("consent.category_suppressed");
    }

    [Fact]
    public async Task UndoNotRelevant_ShowsTheNudgeAgainAndLiftsTheSuppression()
    {
        await ApplyAsync("show_checklist");
        var nudge = (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Single();
        await H.Nudges.DismissAsync(nudge.NudgeId, LifecycleHarness.MemberId);

        await H.Nudges.UndoNotRelevantAsync(nudge.NudgeId, LifecycleHarness.MemberId);

        (await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId)).Should().ContainSingle().Which.NudgeId.Should().Be(nudge.NudgeId);
        (await H.Nudges.GetHiddenAsync(LifecycleHarness.MemberId)).Should().BeEmpty();
        (await H.EventsAsync(nudge.ProposalId)).OfType<NudgeFeedbackWithdrawn>().Should().ContainSingle();
        (await H.Decisions.GetAsync(nudge.ProposalId))!.Outcome.Should().BeNull("the negative label was taken back");
    }

    private async Task<Engine.Execution.ApplyReceipt> ApplyAsync(string actionType)
    {
        var proposal = await H.ProposeAsync(actionType);
        return await H.Applier.ApplyAsync(proposal.ProposalId, actionType, LifecycleHarness.Csm);
    }

    [Fact]
    public async Task ScheduledNudge_StaysHiddenUntilItsSendTime()
    {
        var proposal = await H.ProposeAsync("schedule_nudge");
        var sendAt = DateTimeOffset.Parse(proposal.Payload["send_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        await H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);

        var before = await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId);
        H.Clock.SetUtcNow(sendAt);
        var at = await H.Nudges.GetForUserAsync(LifecycleHarness.MemberId);

        before.Should().BeEmpty();
        at.Should().ContainSingle().Which.Message.Should().Be(proposal.Payload["message"]!.GetValue<string>());
    }
}
