using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// Maker-checker for consequential actions: request approval, approve (an <c>approver</c> who did not
/// propose it, gated at <c>approve</c>) or reject. The gate still has the last word at apply.
/// </summary>
public sealed class ActionApprover(IDocumentStore store, TimeProvider timeProvider, PolicyGate gate)
{
    public const string ApproverRole = "approver";

    public Task RequestApprovalAsync(Guid proposalId, Actor actor, string? note = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(proposalId, p =>
        {
            RequireOpenAndNeedingApproval(p);
            if (p.Status is ActionStatus.AwaitingApproval or ActionStatus.Approved)
                return null; // asking twice changes nothing
            return new ApprovalRequested(proposalId, actor.Id, note, timeProvider.GetUtcNow());
        }, cancellationToken);

    /// <summary>
    /// Approves after the gate allows it at <c>approve</c> (which judges targeting and the account's standing, e.g. a
    /// churned account gets no actions; caps and windows are judged at apply). The gate's decision is recorded either
    /// way; a denial approves nothing.
    /// </summary>
    public async Task ApproveAsync(Guid proposalId, Actor actor, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        var p = stream.Aggregate!;
        RequireOpenAndNeedingApproval(p);
        RequireApprover(actor);
        if (string.Equals(actor.Id, p.ProposedBy, StringComparison.OrdinalIgnoreCase))
            throw new LifecycleException(LifecycleErrorKind.Forbidden,
                $"{actor.Id} proposed this action and cannot also approve it; another approver must (maker-checker).");
        // Bound to what the approver saw: this payload under this policy revision.
        var revision = gate.Revision;
        var hash = ApprovalHash.Of(p.Payload, revision);
        if (p.Approvals.Any(a => a.By == actor.Id && a.Hash == hash))
            return;

        var decision = await gate.EvaluateAsync(session, GateSubject.Of(p), "approve", actor, p.Approvals, cancellationToken);
        stream.AppendOne(decision.ToEvent(proposalId));
        if (decision.Allowed)
            stream.AppendOne(new ActionApproved(proposalId, actor.Id, actor.Roles, note, timeProvider.GetUtcNow(), hash, revision));
        await SaveAsync(session, proposalId, cancellationToken);
        if (!decision.Allowed)
            throw new LifecycleException(LifecycleErrorKind.PolicyDenied,
                $"The policy does not allow approving this {p.ActionType}: {string.Join("; ", decision.Decision.Deny.Select(d => d.Message))}",
                decision.Reasons);
    }

    public Task RejectAsync(Guid proposalId, Actor actor, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(proposalId, p =>
        {
            if (string.IsNullOrWhiteSpace(reason))
                throw new LifecycleException(LifecycleErrorKind.Invalid, "reason: say why the action is rejected; the proposer and auditors read it.");
            RequireOpenAndNeedingApproval(p);
            RequireApprover(actor);
            return new ActionRejected(proposalId, actor.Id, reason.Trim(), timeProvider.GetUtcNow());
        }, cancellationToken);

    private async Task ChangeAsync(Guid proposalId, Func<ActionLifecycle, object?> decide, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        var e = decide(stream.Aggregate!);
        if (e is null)
            return;
        stream.AppendOne(e);
        await SaveAsync(session, proposalId, cancellationToken);
    }

    private async Task SaveAsync(IDocumentSession session, Guid proposalId, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ProposalStreams.IsConcurrencyConflict(ex))
        {
            throw await ProposalStreams.LostRaceAsync(store, proposalId, ex, cancellationToken);
        }
    }

    private static void RequireOpenAndNeedingApproval(ActionLifecycle p)
    {
        if (p.Status == ActionStatus.Expired)
            throw ProposalStreams.Expired(p);
        if (p.IsClosed)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"Proposal {p.Id} is {p.Status}; approvals only apply to open proposals.");
        if (!p.RequiresApproval)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"{p.ActionType} is not consequential and needs no approval; apply it directly.");
    }

    private static void RequireApprover(Actor actor)
    {
        if (!actor.HasRole(ApproverRole))
            throw new LifecycleException(LifecycleErrorKind.Forbidden, $"{actor.Id} does not hold the '{ApproverRole}' role.");
    }
}
