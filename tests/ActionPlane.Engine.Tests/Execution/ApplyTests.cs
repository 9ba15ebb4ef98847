using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Execution;

public sealed class ApplyTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Apply_SameIdempotencyKeyTwice_HasOneEffectAndReturnsTheFirstReceipt()
    {
        // Arrange
        var proposal = await H.ProposeAsync("csm_outreach");

        // Act
        var first = await H.Applier.ApplyAsync(proposal.ProposalId, "retry-me", LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await H.Applier.ApplyAsync(proposal.ProposalId, "retry-me", LifecycleHarness.Csm);

        // Assert
        second.Replayed.Should().BeTrue();
        first.Replayed.Should().BeFalse();
        second.RollbackToken.ToString().Should().Be(first.RollbackToken.ToString());
        second.AppliedAt.Should().Be(first.AppliedAt);
        await using var session = H.Store.QuerySession();
        (await session.Query<CsmTask>().CountAsync()).Should().Be(1);
        (await H.EventsAsync(proposal.ProposalId)).OfType<ActionApplied>().Should().HaveCount(1);
    }

    [Fact]
    public async Task Apply_WithAnotherKeyAfterApply_IsAConflict()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(proposal.ProposalId, "first", LifecycleHarness.Csm);

        var act = () => H.Applier.ApplyAsync(proposal.ProposalId, "second", LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.Conflict);
    }

    [Fact]
    public async Task Apply_TwiceConcurrently_ExactlyOneSucceedsAndTheOtherConflicts()
    {
        // Arrange
        var proposal = await H.ProposeAsync("unlock_trial_within_caps");

        // Act
        var attempts = await Task.WhenAll(
            Attempt(() => H.Applier.ApplyAsync(proposal.ProposalId, "a", LifecycleHarness.Csm)),
            Attempt(() => H.Applier.ApplyAsync(proposal.ProposalId, "b", LifecycleHarness.Csm)));

        // Assert
        attempts.Count(a => a is null).Should().Be(1, "one apply succeeds");
        attempts.Single(a => a is not null)!.Kind.Should().Be(LifecycleErrorKind.Conflict);
        await using var session = H.Store.QuerySession();
        (await session.Query<TrialUnlock>().CountAsync()).Should().Be(1);
        (await H.EventsAsync(proposal.ProposalId)).OfType<ActionApplied>().Should().HaveCount(1);
    }

    [Fact]
    public async Task Apply_ConsequentialWithoutApproval_IsDeniedAndRecordsTheDecision()
    {
        // Arrange
        var proposal = await H.ProposeAsync("offer_discount");

        // Act
        var act = () => H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);

        // Assert
        var error = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.PolicyDenied);
        error.Reasons.Should().Contain(r => r.StartsWith("approval.missing"));
        var events = await H.EventsAsync(proposal.ProposalId);
        events.OfType<PolicyEvaluated>().Last().Should().Match<PolicyEvaluated>(e => e.Operation == "apply" && !e.Allow);
        events.OfType<ActionApplied>().Should().BeEmpty();
        await using var session = H.Store.QuerySession();
        (await session.Query<DiscountOffer>().CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Apply_ConsequentialApprovedBySomeoneElse_IsApplied()
    {
        var proposal = await H.ProposeAsync("offer_discount");
        await H.Approvals.RequestApprovalAsync(proposal.ProposalId, LifecycleHarness.Csm);
        await H.Approvals.ApproveAsync(proposal.ProposalId, LifecycleHarness.Approver, "within budget");

        var receipt = await H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);

        var offer = await H.LoadAsync<DiscountOffer>(receipt.TargetId);
        offer!.Percent.Should().Be(proposal.Payload["percent"]!.GetValue<int>());
        (await H.Decisions.GetAsync(proposal.ProposalId))!.ApprovedBy.Should().Be(LifecycleHarness.Approver.Id);
    }

    [Fact]
    public async Task Approve_ByTheProposer_IsRefusedAndNothingIsRecorded()
    {
        var proposal = await H.ProposeAsync("offer_discount", LifecycleHarness.CsmApprover);
        var before = (await H.EventsAsync(proposal.ProposalId)).Count;

        var act = () => H.Approvals.ApproveAsync(proposal.ProposalId, LifecycleHarness.CsmApprover);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.Forbidden);
        (await H.EventsAsync(proposal.ProposalId)).Should().HaveCount(before);
    }

    [Fact]
    public async Task Approve_WithoutApproverRole_IsForbidden()
    {
        var proposal = await H.ProposeAsync("offer_discount");

        var act = () => H.Approvals.ApproveAsync(proposal.ProposalId, new ActionPlane.Engine.Proposals.Actor("other-csm@demo.local", ["csm"]));

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.Forbidden);
    }

    private static async Task<LifecycleException?> Attempt(Func<Task<ApplyReceipt>> apply)
    {
        try
        {
            await apply();
            return null;
        }
        catch (LifecycleException e)
        {
            return e;
        }
    }
}
