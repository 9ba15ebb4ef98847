using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Execution;

public sealed class UndoTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Undo_WithTamperedToken_IsRefusedAndChangesNothing()
    {
        var (proposal, receipt) = await ApplyTrialAsync();
        var text = receipt.RollbackToken.ToString();
        var tampered = text[..^2] + (text[^2] == 'A' ? "B" : "A") + text[^1];

        await ExpectRejectedAsync(proposal, tampered, "signature");
    }

    [Fact]
    public async Task Undo_WithForgedTokenForOtherVersion_IsRefused()
    {
        // A token signed with another key but otherwise well-formed: the attacker knows the ids.
        var (proposal, receipt) = await ApplyTrialAsync();
        var forged = RollbackToken.Issue("another-key-that-is-at-least-32-bytes-long"u8, proposal, receipt.RollbackToken.StreamVersion, receipt.RollbackExpiresAt);

        await ExpectRejectedAsync(proposal, forged.ToString(), "signature");
    }

    [Fact]
    public async Task Undo_WithMalformedToken_IsRefused()
    {
        var (proposal, _) = await ApplyTrialAsync();

        await ExpectRejectedAsync(proposal, "not-a-token", "malformed");
    }

    [Fact]
    public async Task Undo_AfterTokenExpired_IsRefused()
    {
        var (proposal, _) = await ApplyTrialAsync();
        var receipt = await H.Applier.ApplyAsync(proposal, "trial", LifecycleHarness.Csm);
        H.Clock.Advance(H.Options.RollbackWindow + TimeSpan.FromMinutes(1));

        await ExpectRejectedAsync(proposal, receipt.RollbackToken.ToString(), "expired");
    }

    [Fact]
    public async Task Undo_TwiceWithTheSameToken_SecondIsRefusedAsUsed()
    {
        var (proposal, receipt) = await ApplyTrialAsync();
        await H.Applier.UndoAsync(proposal, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);

        await ExpectRejectedAsync(proposal, receipt.RollbackToken.ToString(), "already used");
    }

    [Fact]
    public async Task Undo_WithTokenOfAnotherProposal_IsRefused()
    {
        var (proposal, _) = await ApplyTrialAsync();
        var other = await H.ProposeAsync("csm_outreach");
        var otherReceipt = await H.Applier.ApplyAsync(other.ProposalId, "other", LifecycleHarness.Csm);

        await ExpectRejectedAsync(proposal, otherReceipt.RollbackToken.ToString(), "belongs to proposal");
    }

    [Fact]
    public async Task Undo_OfInvoicedDiscount_IsRefusedBecauseTargetMovedOn()
    {
        // Arrange: an approved, applied discount that billing has since invoiced.
        var proposal = await H.ProposeAsync("offer_discount");
        await H.Approvals.ApproveAsync(proposal.ProposalId, LifecycleHarness.Approver);
        var receipt = await H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);
        await using (var session = H.Store.LightweightSession())
        {
            var offer = await session.LoadAsync<DiscountOffer>(receipt.TargetId);
            session.Store(offer! with { InvoicedAt = H.Clock.GetUtcNow() });
            await session.SaveChangesAsync();
        }

        // Act + Assert
        await ExpectRejectedAsync(proposal.ProposalId, receipt.RollbackToken.ToString(), "invoiced");
        (await H.LoadAsync<DiscountOffer>(receipt.TargetId))!.Status.Should().Be(TargetStatus.Active);
    }

    private async Task<(Guid Proposal, ApplyReceipt Receipt)> ApplyTrialAsync()
    {
        var proposal = await H.ProposeAsync("unlock_trial_within_caps");
        var receipt = await H.Applier.ApplyAsync(proposal.ProposalId, "trial", LifecycleHarness.Csm);
        return (proposal.ProposalId, receipt);
    }

    private async Task ExpectRejectedAsync(Guid proposalId, string token, string reasonFragment)
    {
        var eventsBefore = (await H.EventsAsync(proposalId)).Count;
        var statusBefore = (await H.LoadProposalAsync(proposalId))!.Status;
        await using var before = H.Store.QuerySession();
        var trialsBefore = await before.Query<TrialUnlock>().Select(t => t.Status).ToListAsync();

        var act = () => H.Applier.UndoAsync(proposalId, token, LifecycleHarness.Csm);

        var error = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.TokenRejected);
        error.Message.Should().Contain(reasonFragment);
        (await H.EventsAsync(proposalId)).Should().HaveCount(eventsBefore, "a refused undo records nothing");
        (await H.LoadProposalAsync(proposalId))!.Status.Should().Be(statusBefore);
        await using var after = H.Store.QuerySession();
        (await after.Query<TrialUnlock>().Select(t => t.Status).ToListAsync()).Should().Equal(trialsBefore);
    }
}
