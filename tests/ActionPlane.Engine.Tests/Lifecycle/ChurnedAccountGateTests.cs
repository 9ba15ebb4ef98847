using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>
/// A proposal made while the account was a customer, acted on after it churned: the policy (eligibility.churned)
/// refuses every step but undo, whoever takes it.
/// </summary>
public sealed class ChurnedAccountGateTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const string Reason = "Account acc-0042 churned on 2026-11-20: former customers get no actions.";

    private async Task ChurnAsync()
    {
        var account = (await H.LoadAsync<Account>(LifecycleHarness.AccountId))!;
        await using var session = H.Store.LightweightSession();
        session.Store(account with { ChurnedOn = new DateOnly(2026, 11, 20) });
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Apply_AfterTheAccountChurned_IsDeniedNamingTheChurnDay_AndAppliesNothing()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        await ChurnAsync();

        var act = () => H.Applier.ApplyAsync(proposal.ProposalId, "k1", LifecycleHarness.Csm);

        var error = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.PolicyDenied);
        error.Reasons.Should().Equal($"eligibility.churned: {Reason}");
        var events = await H.EventsAsync(proposal.ProposalId);
        events.OfType<ActionApplied>().Should().BeEmpty();
        events.OfType<PolicyEvaluated>().Last().Input["account"]!["churned_on"]!.GetValue<string>().Should().Be("2026-11-20");
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Allowed, "a refused apply leaves the proposal where it was");
    }

    [Fact]
    public async Task UnattendedApply_AfterTheAccountChurned_IsDenied()
    {
        var proposal = await H.ProposeAsync("show_checklist");
        await ChurnAsync();

        var act = () => H.Applier.ApplyAsync(proposal.ProposalId, "k1", Actor.System);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Reasons.Should().Contain($"eligibility.churned: {Reason}");
    }

    [Fact]
    public async Task Simulate_AfterTheAccountChurned_PreviewsTheDenial()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        await ChurnAsync();

        var simulation = await H.Simulator.SimulateAsync(proposal.ProposalId, LifecycleHarness.Csm);

        simulation.WouldBeAllowed.Should().BeFalse();
        simulation.Deny.Should().ContainSingle().Which.Message.Should().Be(Reason);
    }

    [Fact]
    public async Task Approve_AfterTheAccountChurned_IsDenied_RecordingTheDecisionButNoApproval()
    {
        var proposal = await H.ProposeAsync("offer_discount");
        await H.Approvals.RequestApprovalAsync(proposal.ProposalId, LifecycleHarness.Csm);
        await ChurnAsync();

        var act = () => H.Approvals.ApproveAsync(proposal.ProposalId, LifecycleHarness.Approver);

        var error = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.PolicyDenied);
        error.Reasons.Should().Equal($"eligibility.churned: {Reason}");
        var events = await H.EventsAsync(proposal.ProposalId);
        events.OfType<ActionApproved>().Should().BeEmpty();
        events.OfType<PolicyEvaluated>().Last().Should().Match<PolicyEvaluated>(e => e.Operation == "approve" && !e.Allow);
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.AwaitingApproval);
    }

    [Fact]
    public async Task Approve_OfAnActiveAccount_IsGatedAndRecorded()
    {
        var proposal = await H.ProposeAsync("offer_discount");
        await H.Approvals.RequestApprovalAsync(proposal.ProposalId, LifecycleHarness.Csm);

        await H.Approvals.ApproveAsync(proposal.ProposalId, LifecycleHarness.Approver);

        var events = await H.EventsAsync(proposal.ProposalId);
        events.OfType<PolicyEvaluated>().Last().Should().Match<PolicyEvaluated>(e => e.Operation == "approve" && e.Allow);
        events.Last().Should().BeOfType<ActionApproved>();
    }

    [Fact]
    public async Task Undo_AfterTheAccountChurned_IsAllowed()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        var receipt = await H.Applier.ApplyAsync(proposal.ProposalId, "k1", LifecycleHarness.Csm);
        await ChurnAsync();

        await H.Applier.UndoAsync(proposal.ProposalId, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);

        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.RolledBack);
    }

    [Fact]
    public async Task Propose_OnAChurnedAccount_IsAConflict_InThePolicysWords()
    {
        await ChurnAsync();

        var act = () => H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Should().Match<LifecycleException>(e =>
            e.Kind == LifecycleErrorKind.Conflict && e.Message == Reason);
    }
}
