using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Web.Features.Approvals;

/// <summary>A proposal waiting for approval, with the words an approver reads: the action's title and the account's name.</summary>
public sealed record PendingApproval(ActionLifecycle Proposal, string Title, string AccountName);

/// <summary>The approver's queue: consequential actions waiting for a second person.</summary>
public sealed class ApprovalsService(IDocumentStore store, ActionApprover approver, ActionCatalog catalog)
{
    public async Task<IReadOnlyList<PendingApproval>> GetPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var pending = await session.Query<ActionLifecycle>()
            .Where(p => p.Status == ActionStatus.AwaitingApproval)
            .OrderBy(p => p.ProposedAt)
            .ToListAsync(cancellationToken);
        var accounts = await session.LoadManyAsync<Account>(cancellationToken, pending.Select(p => p.AccountId).Distinct());
        var names = accounts.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        return [.. pending.Select(p => new PendingApproval(p,
            catalog.TryGet(p.ActionType, out var definition) ? definition.Title : p.ActionType,
            names.GetValueOrDefault(p.AccountId) ?? p.AccountId))];
    }

    public Task ApproveAsync(Guid proposalId, Actor actor, CancellationToken cancellationToken = default) =>
        approver.ApproveAsync(proposalId, actor, null, cancellationToken);

    public Task RejectAsync(Guid proposalId, Actor actor, string reason, CancellationToken cancellationToken = default) =>
        approver.RejectAsync(proposalId, actor, reason, cancellationToken);
}
