using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Autopilot;

/// <summary>The autopilot applies what the policy granted "unattended", as system:nba, and nothing else.</summary>
public sealed class UnattendedRunnerTests(PostgresFixture postgres) : AutopilotTest(postgres)
{
    [Fact]
    public async Task Run_AppliesAProposalOfATypeThatEarnedUnattended_AsSystemNba_WithItsEvents()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        proposal.AutonomyLevel.Should().Be("unattended", "20 applies in the window and no reversals earn it");

        var summary = await Runner.RunAsync();

        summary.Considered.Should().Be(1);
        summary.Applied.Should().Be(1);
        summary.Items.Should().ContainSingle().Which.ProposalId.Should().Be(proposal.ProposalId);
        var events = await H.EventsAsync(proposal.ProposalId);
        var gate = events.OfType<PolicyEvaluated>().Last();
        gate.Operation.Should().Be("apply");
        gate.Actor.Should().Be("system:nba");
        gate.Allow.Should().BeTrue();
        gate.Result["obligations"]!["autonomy_level"]!.GetValue<string>().Should().Be("unattended");
        var applied = events.OfType<ActionApplied>().Should().ContainSingle().Subject;
        applied.By.Should().Be("system:nba");
        applied.IdempotencyKey.Should().Be(UnattendedRunner.IdempotencyKeyOf(proposal.ProposalId));
        (await H.Decisions.GetAsync(proposal.ProposalId))!.AppliedBy.Should().Be("system:nba");
        await using var session = H.Store.QuerySession();
        (await session.Query<NudgeInboxItem>().CountAsync(n => n.ProposalId == proposal.ProposalId)).Should().Be(1, "the executor changed the target state");
    }

    [Fact]
    public async Task Run_Twice_AppliesOnce_AndTheSecondRunFindsNothing()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        await Runner.RunAsync();

        var second = await Runner.RunAsync();

        second.Considered.Should().Be(0);
        (await AppliedEventsAsync(proposal.ProposalId)).Should().ContainSingle();
    }

    [Fact]
    public async Task Run_WithRoomForOne_AppliesTheProposalWorthMost_NotTheOldest()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        await SeedTrackRecordAsync("pin_shortcut", applied: 20);
        // Proposed in this order, the one worth less is the older (checked below), so oldest-first would pick it.
        var first = await ProposeAsync(LifecycleHarness.MemberId, "pin_shortcut");
        var second = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        var valueOf = new Dictionary<Guid, decimal> { [first.ProposalId] = first.Trace!.Value.Expected, [second.ProposalId] = second.Trace!.Value.Expected };
        valueOf[first.ProposalId].Should().BeLessThan(valueOf[second.ProposalId], "the older proposal must be the one worth less for this test to tell the orders apart");

        var summary = await Runner.RunAsync(maxApplies: 1);

        summary.Applied.Should().Be(1);
        summary.Deferred.Should().Be(1);
        var worthMost = valueOf.MaxBy(v => v.Value).Key;
        summary.Items.Single(i => i.Outcome == AutopilotOutcome.Applied).ProposalId.Should().Be(worthMost,
            "a budget that cannot cover every unattended proposal goes to the highest expected incremental value");
    }

    [Fact]
    public async Task Run_NeverAppliesAnAlternativeTheEngineDidNotChoose()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var batch = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);
        var alternative = batch.Proposals.Single(p => p.ActionType == "show_checklist");
        alternative.AutonomyLevel.Should().Be("unattended");
        alternative.Trace!.Chosen.Should().BeFalse("on this account the engine picks a costlier onboarding action");

        var summary = await Runner.RunAsync();

        summary.Items.Should().NotContain(i => i.ProposalId == alternative.ProposalId);
        (await AppliedEventsAsync(alternative.ProposalId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Run_LeavesATypeAtOneClick_Untouched()
    {
        // schedule_nudge may reach one_click at most (data.json), whatever its record.
        await SeedTrackRecordAsync("schedule_nudge", applied: 30);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "schedule_nudge");
        proposal.AutonomyLevel.Should().Be("one_click");
        var before = (await H.EventsAsync(proposal.ProposalId)).Count;

        var summary = await Runner.RunAsync();

        summary.Considered.Should().Be(0);
        (await H.EventsAsync(proposal.ProposalId)).Should().HaveCount(before, "nothing was recorded on a proposal the autopilot may not touch");
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Allowed);
    }

    [Fact]
    public async Task Run_WhenTheReversalRateRoseSinceThePropose_IsDeniedByTheAutonomyRule_AndTheDenialIsLogged()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        proposal.AutonomyLevel.Should().Be("unattended");
        // Three more applies, all undone by CSMs: 3 of 23 reversed (0.13) is over the 0.1 threshold.
        await SeedTrackRecordAsync("show_checklist", applied: 3, undone: 3);

        var summary = await Runner.RunAsync();

        summary.Applied.Should().Be(0);
        var item = summary.Items.Should().ContainSingle().Subject;
        item.Outcome.Should().Be(AutopilotOutcome.Denied);
        item.Rules.Should().Contain("autonomy.unattended_not_earned");
        summary.DeniedByRule.Should().ContainKey("autonomy.unattended_not_earned");
        var record = (await H.Decisions.GetAsync(proposal.ProposalId))!;
        record.AppliedAt.Should().BeNull();
        record.Decisions.Last().Should().Match<GateDecisionSummary>(d => d.Operation == "apply" && d.Actor == "system:nba" && !d.Allow
            && d.DenyRules.Contains("autonomy.unattended_not_earned"));
        (await NudgesForAsync(LifecycleHarness.MemberId)).Should().Be(0);
        // It now waits for a person: the next run leaves it alone, and a CSM can still apply it.
        (await Runner.RunAsync()).Considered.Should().Be(0);
        await H.Applier.ApplyAsync(proposal.ProposalId, "csm-click", LifecycleHarness.Csm);
    }

    [Fact]
    public async Task Run_AfterEnoughUndosOfUnattendedApplies_AppliesNothingOfThatType()
    {
        // 20 applies, 2 undone (0.10: at the threshold, still earned).
        await SeedTrackRecordAsync("show_checklist", applied: 20, undone: 2);
        var first = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        var second = await ProposeAsync(LifecycleHarness.AdminId, "show_checklist");
        second.AutonomyLevel.Should().Be("unattended");
        var run1 = await Runner.RunAsync(maxApplies: 1);
        run1.Applied.Should().Be(1);
        var appliedId = run1.Items.Single(i => i.Outcome == AutopilotOutcome.Applied).ProposalId;

        // The CSM undoes what the autopilot did: 3 of 21 reversed.
        var receipt = (await H.Applier.AppliedReceiptAsync(appliedId))!;
        receipt.AppliedBy.Should().Be("system:nba");
        await H.Applier.UndoAsync(appliedId, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);
        var metrics = await H.Get<PolicyGate>().ActionTypeMetricsAsync("show_checklist", H.Clock.GetUtcNow(), default);
        metrics["undone"]!.GetValue<int>().Should().Be(3, "the undo of an unattended apply counts toward the reversal rate");

        var run2 = await Runner.RunAsync();

        run2.Applied.Should().Be(0);
        var other = new[] { first.ProposalId, second.ProposalId }.Single(id => id != appliedId);
        run2.Items.Should().ContainSingle(i => i.ProposalId == other && i.Outcome == AutopilotOutcome.Denied && i.Rules.Contains("autonomy.unattended_not_earned"));
        (await AppliedEventsAsync(other)).Should().BeEmpty();
    }

    [Fact]
    public async Task AppliedReceipt_OfAnUnappliedProposal_IsNull()
    {
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");

        (await H.Applier.AppliedReceiptAsync(proposal.ProposalId)).Should().BeNull();
    }
}
