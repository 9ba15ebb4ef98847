using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Web.Features.Approvals;

/// <summary>The approver's queue: consequential actions waiting for a second person.</summary>
public sealed class ApprovalsService(IDocumentStore store, ActionApprover approver)
{
    public async Task<IReadOnlyList<ActionLifecycle>> GetPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<ActionLifecycle>()
            .Where(p => p.Status == ActionStatus.AwaitingApproval)
            .OrderBy(p => p.ProposedAt)
            .ToListAsync(cancellationToken);
    }

    public Task ApproveAsync(Guid proposalId, Actor actor, CancellationToken cancellationToken = default) =>
        approver.ApproveAsync(proposalId, actor, null, cancellationToken);

    public Task RejectAsync(Guid proposalId, Actor actor, string reason, CancellationToken cancellationToken = default) =>
        approver.RejectAsync(proposalId, actor, reason, cancellationToken);
}
