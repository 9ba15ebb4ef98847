using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;
using Marten;

namespace ActionPlane.Web.Features.Approvals;

/// <summary>
/// A proposal waiting for approval, with the words an approver reads (the action's title and the account's name) and
/// the gate's verdict at <c>approve</c> as it stands now (e.g. the account churned since it was proposed).
/// </summary>
public sealed record PendingApproval(ActionLifecycle Proposal, string Title, string AccountName, PolicyDecision Verdict);

/// <summary>The approver's queue: consequential actions waiting for a second person.</summary>
public sealed class ApprovalsService(IDocumentStore store, ActionApprover approver, ActionCatalog catalog, PolicyGate gate)
{
    /// <summary>
    /// The queue, oldest first, each with the gate's verdict for <paramref name="actor"/> approving it now, so the page
    /// disables Approve with the reason instead of offering a click the server refuses. Nothing is recorded.
    /// </summary>
    public async Task<IReadOnlyList<PendingApproval>> GetPendingAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var pending = await session.Query<ActionLifecycle>()
            .Where(p => p.Status == ActionStatus.AwaitingApproval)
            .OrderBy(p => p.ProposedAt)
            .ToListAsync(cancellationToken);
        var accounts = await session.LoadManyAsync<Account>(cancellationToken, pending.Select(p => p.AccountId).Distinct());
        var names = accounts.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        var verdicts = await gate.PreviewAsync(session, pending, "approve", actor, cancellationToken);
        return [.. pending.Select(p => new PendingApproval(p,
            catalog.TryGet(p.ActionType, out var definition) ? definition.Title : p.ActionType,
            names.GetValueOrDefault(p.AccountId) ?? p.AccountId,
            verdicts[p.Id]))];
    }

    public Task ApproveAsync(Guid proposalId, Actor actor, CancellationToken cancellationToken = default) =>
        approver.ApproveAsync(proposalId, actor, null, cancellationToken);

    public Task RejectAsync(Guid proposalId, Actor actor, string reason, CancellationToken cancellationToken = default) =>
        approver.RejectAsync(proposalId, actor, reason, cancellationToken);
}
