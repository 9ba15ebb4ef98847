using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Telemetry;

namespace ActionPlane.Engine.Execution;

public sealed partial class ActionApplier
{
    /// <summary>
    /// Undoes an applied action. Refused, with nothing changed, when the token is malformed, forged,
    /// expired, for another proposal, already used or stale, when the target state moved on, or when
    /// the policy denies the undo (that decision is recorded).
    /// </summary>
    public async Task<UndoReceipt> UndoAsync(Guid proposalId, string rollbackToken, Actor actor, CancellationToken cancellationToken = default)
    {
        using var activity = ActionPlaneTelemetry.Source.StartActivity("actionplane.undo")?.SetTag("actionplane.proposal_id", proposalId.ToString());
        ArgumentNullException.ThrowIfNull(actor);
        var now = Clock.GetUtcNow();
        if (!RollbackToken.TryParse(rollbackToken, out var token))
            throw Rejected("The rollback token is malformed: it is not a token ActionPlane issued.");
        switch (token.Verify(tokenKey.Bytes, now))
        {
            case RollbackTokenCheck.Forged:
                throw Rejected("The rollback token's signature does not verify: it was altered or not issued by this ActionPlane.");
            case RollbackTokenCheck.Expired:
                throw Rejected($"The rollback token expired at {token.ExpiresAt:u}; the action can no longer be undone with it.");
        }
        if (token.ProposalId != proposalId)
            throw Rejected($"The rollback token belongs to proposal {token.ProposalId}, not {proposalId}.");

        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        var proposal = stream.Aggregate!;
        if (proposal.Status == ActionStatus.RolledBack && proposal.RollbackTokenId == token.Id)
            throw Rejected($"The rollback token was already used: the action was undone at {proposal.RolledBackAt:u}.");
        if (proposal.Status != ActionStatus.Applied)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"Proposal {proposalId} is {proposal.Status}, not applied; there is nothing to undo.");
        if (proposal.AppliedVersion != token.StreamVersion || proposal.RollbackTokenId != token.Id)
            throw Rejected("The rollback token does not match how this proposal was applied (stale token).");

        var executor = executors.For(proposal.ActionType);
        var execution = proposal.ToExecution(actor.Id, now);
        var check = await executor.CanUndoAsync(execution, proposal.TargetId!, session, cancellationToken);
        if (!check.CanUndo)
            throw Rejected($"The target state has moved on since apply: {check.Reason}");

        var decision = await ActionPlaneTelemetry.TracePolicyAsync("undo", () => gate.EvaluateAsync(session, GateSubject.Of(proposal), "undo", actor, proposal.Approvals, cancellationToken));
        stream.AppendOne(decision.ToEvent(proposalId));
        if (!decision.Allowed)
        {
            await SaveAsync(session, proposalId, cancellationToken);
            throw new LifecycleException(LifecycleErrorKind.PolicyDenied,
                $"The policy does not allow undoing this {proposal.ActionType}: {string.Join("; ", decision.Decision.Deny.Select(d => d.Message))}",
                decision.Reasons);
        }

        var outcome = await executor.UndoAsync(execution, proposal.TargetId!, session, cancellationToken);
        stream.AppendOne(new ActionRolledBack(proposalId, actor.Id, token.Id, outcome.Before, outcome.After, outcome.Summary, now));
        await SaveAsync(session, proposalId, cancellationToken);
        return new UndoReceipt(proposalId, actor.Id, now, outcome.Summary);
    }

    private static LifecycleException Rejected(string message) => new(LifecycleErrorKind.TokenRejected, message);
}
