using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Lifecycle;

public sealed class LifecycleJourneyTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task ProposeSimulateApplyUndo_ChangesTargetStateAndRecordsEveryStep()
    {
        // Arrange
        var proposal = await H.ProposeAsync("show_checklist");

        // Act
        var simulation = await H.Simulator.SimulateAsync(proposal.ProposalId, LifecycleHarness.Csm);
        var afterSimulate = await H.LoadAsync<NudgeInboxItem>(NudgeInboxExecutor.TargetIdFor(proposal.ProposalId));
        var receipt = await H.Applier.ApplyAsync(proposal.ProposalId, "key-1", LifecycleHarness.Csm);
        var afterApply = await H.LoadAsync<NudgeInboxItem>(receipt.TargetId);
        var undo = await H.Applier.UndoAsync(proposal.ProposalId, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);
        var afterUndo = await H.LoadAsync<NudgeInboxItem>(receipt.TargetId);

        // Assert
        proposal.Allowed.Should().BeTrue(string.Join("; ", proposal.Deny.Select(d => d.Rule)));
        simulation.WouldBeAllowed.Should().BeTrue();
        simulation.RequiresApproval.Should().BeFalse();
        simulation.After["title"]!.GetValue<string>().Should().Be(proposal.Payload["title"]!.GetValue<string>());
        afterSimulate.Should().BeNull("simulation changes no target state");
        afterApply!.Status.Should().Be(NudgeStatus.Active);
        afterApply.UserId.Should().Be(LifecycleHarness.MemberId);
        afterUndo!.Status.Should().Be(NudgeStatus.Withdrawn);
        undo.UndoneBy.Should().Be(LifecycleHarness.Csm.Id);

        var events = await H.EventsAsync(proposal.ProposalId);
        events.Select(e => e.GetType().Name).Should().Equal(
            "ActionProposed", "PolicyEvaluated", "ActionSimulated", "PolicyEvaluated", "ActionApplied", "PolicyEvaluated", "ActionRolledBack");
        events.OfType<PolicyEvaluated>().Select(e => e.Operation).Should().Equal("propose", "apply", "undo");
        (await H.LoadProposalAsync(proposal.ProposalId))!.Version.Should().Be(events.Count);
    }

    [Fact]
    public async Task DecisionRecord_HoldsOpaFieldsAndFullTrail_AndIsQueryable()
    {
        // Arrange
        var proposal = await H.ProposeAsync("pin_shortcut");
        var receipt = await H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);

        // Act
        var record = await H.Decisions.GetAsync(proposal.ProposalId);
        var byAccount = await H.Decisions.SearchAsync(new DecisionQuery(AccountId: LifecycleHarness.AccountId, ActionType: "pin_shortcut"));
        var outsideRange = await H.Decisions.SearchAsync(new DecisionQuery(From: LifecycleHarness.Start.AddDays(1)));

        // Assert
        record!.Path.Should().Be("actionplane/gate/decision");
        record.Operation.Should().Be("apply");
        record.Status.Should().Be(ActionStatus.Applied);
        record.AppliedAt.Should().Be(receipt.AppliedAt);
        record.ModelVersion.Should().Be("churn-test-1");
        record.ProposedBy.Should().Be(LifecycleHarness.Csm.Id);
        record.Input["operation"]!.GetValue<string>().Should().Be("apply");
        record.Input["history"].Should().NotBeNull();
        record.Result["allow"]!.GetValue<bool>().Should().BeTrue();
        record.PolicyRevision.Should().NotBeNullOrEmpty();
        record.Trail.Select(t => t.Type).Should().Equal("ActionProposed", "PolicyEvaluated", "PolicyEvaluated", "ActionApplied");
        var log = record.ToDecisionLogEntry();
        log["decision_id"]!.GetValue<string>().Should().Be(record.DecisionId);
        log["bundles"]!["actionplane"]!["revision"]!.GetValue<string>().Should().Be(record.PolicyRevision);
        log["metrics"]!["timer_rego_query_eval_ns"].Should().NotBeNull();
        byAccount.Select(r => r.Id).Should().Equal(proposal.ProposalId);
        outsideRange.Should().BeEmpty();
    }

    [Fact]
    public async Task Reject_ClosesTheProposal_AndApplyIsRefused()
    {
        var proposal = await H.ProposeAsync("offer_discount");
        await H.Approvals.RejectAsync(proposal.ProposalId, LifecycleHarness.Approver, "Margin too thin this quarter.");

        var apply = () => H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);
        var simulate = () => H.Simulator.SimulateAsync(proposal.ProposalId, LifecycleHarness.Csm);

        (await apply.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.Invalid);
        (await simulate.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.Invalid);
        (await H.Decisions.GetAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Rejected);
    }

    [Fact]
    public async Task RequestApproval_ForANonConsequentialAction_IsInvalid()
    {
        var proposal = await H.ProposeAsync("pin_shortcut");

        var act = () => H.Approvals.RequestApprovalAsync(proposal.ProposalId, LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Message.Should().Contain("needs no approval");
    }

    [Fact]
    public async Task Simulate_UnknownProposal_IsNotFound()
    {
        var act = () => H.Simulator.SimulateAsync(Guid.NewGuid(), LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.NotFound);
    }

    [Fact]
    public async Task Simulate_ConsequentialWithoutApproval_PreviewsAndReportsTheMissingApproval()
    {
        var proposal = await H.ProposeAsync("offer_discount");

        var simulation = await H.Simulator.SimulateAsync(proposal.ProposalId, LifecycleHarness.Csm);

        simulation.RequiresApproval.Should().BeTrue();
        simulation.HasApproval.Should().BeFalse();
        simulation.WouldBeAllowed.Should().BeFalse();
        simulation.Deny.Should().Contain(d => d.Rule == "approval.missing");
        simulation.After["percent"]!.GetValue<int>().Should().Be(proposal.Payload["percent"]!.GetValue<int>());
        simulation.Before["active_discounts"]!.AsArray().Should().BeEmpty();
    }
}
