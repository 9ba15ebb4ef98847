using ActionPlane.Engine.Lifecycle;
using Marten;

namespace ActionPlane.Engine.Proposals;

public sealed partial class NextBestActionEngine
{
    /// <summary>One proposal as the queue shows it.</summary>
    public async Task<ProposalView> GetAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var proposal = await session.LoadAsync<ActionLifecycle>(proposalId, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"Proposal {proposalId} does not exist.");
        return ProposalView.From(proposal, catalog.TryGet(proposal.ActionType, out var d) ? d : null, 1);
    }

    /// <summary>
    /// The CSM queue of an account: proposals not yet applied, rejected or undone (denied ones
    /// included, with their reasons; holdout logs and lapsed proposals left out, there is nothing to do for them), ranked
    /// like <see cref="ProposeAsync"/> ranks them: chosen first, then by expected value.
    /// </summary>
    public async Task<IReadOnlyList<ProposalView>> ListOpenAsync(string accountId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(accountId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "accountId: required.");
        await using var session = store.QuerySession();
        var open = await session.Query<ActionLifecycle>()
            .Where(p => p.AccountId == accountId && p.Status != ActionStatus.Applied && p.Status != ActionStatus.RolledBack
                && p.Status != ActionStatus.Rejected && p.Status != ActionStatus.Proposed && p.Status != ActionStatus.Expired)
            .ToListAsync(cancellationToken);
        return open
            .OrderByDescending(p => p.Status != ActionStatus.Denied)
            .ThenByDescending(p => p.Explanation.Trace?.Chosen == true)
            .ThenByDescending(p => p.Scores.ExpectedValue)
            .ThenByDescending(p => p.ProposedAt)
            .Select((p, i) => ProposalView.From(p, catalog.TryGet(p.ActionType, out var d) ? d : null, i + 1))
            .ToArray();
    }
}
