using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// Maker-checker for consequential actions: request approval, approve (an <c>approver</c> who did not
/// propose it) or reject. The gate still has the last word at apply.
/// </summary>
public sealed class ActionApprover(IDocumentStore store, TimeProvider timeProvider, IPolicyEngine engine)
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

    public Task ApproveAsync(Guid proposalId, Actor actor, string? note = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(proposalId, p =>
        {
            RequireOpenAndNeedingApproval(p);
            RequireApprover(actor);
            if (string.Equals(actor.Id, p.ProposedBy, StringComparison.OrdinalIgnoreCase))
                throw new LifecycleException(LifecycleErrorKind.Forbidden,
                    $"{actor.Id} proposed this action and cannot also approve it; another approver must (maker-checker).");
            if (p.Approvals.Any(a => a.By == actor.Id && a.Hash == ApprovalHash.Of(p.Payload, engine.Revision)))
                return null;
            // Bound to what the approver saw: this payload under this policy revision.
            var revision = engine.Revision;
            return new ActionApproved(proposalId, actor.Id, actor.Roles, note, timeProvider.GetUtcNow(), ApprovalHash.Of(p.Payload, revision), revision);
        }, cancellationToken);

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
