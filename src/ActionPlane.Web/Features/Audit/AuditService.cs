using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Features.Policies;

namespace ActionPlane.Web.Features.Audit;

/// <summary>The reviewer's read-only view of the decision log, with decision traces, and replays of its decisions under other policy revisions.</summary>
public sealed class AuditService(DecisionLog log, ActionCatalog catalog, NextBestActionEngine engine, DecisionReplayer replayer, PolicyBrowserService policies)
{
    public IReadOnlyList<string> ActionTypes => [.. catalog.All.Select(d => d.Type.Value).Order(StringComparer.Ordinal)];

    public Task<IReadOnlyList<DecisionRecord>> SearchAsync(DecisionQuery query, CancellationToken cancellationToken = default) =>
        log.SearchAsync(query, cancellationToken);

    public Task<DecisionRecord?> GetAsync(Guid proposalId, CancellationToken cancellationToken = default) =>
        log.GetAsync(proposalId, cancellationToken);

    public Task<IReadOnlyList<PolicyRevisionSummary>> ListRevisionsAsync(CancellationToken cancellationToken = default) =>
        policies.ListRevisionsAsync(cancellationToken);

    public Task<ReplayResult> ReplayAsync(Guid proposalId, string revision, CancellationToken cancellationToken = default) =>
        replayer.ReplayAsync(proposalId, revision, cancellationToken: cancellationToken);

    /// <summary>The proposal's decision trace and end-user sentence; null for proposals recorded before traces existed.</summary>
    public async Task<ProposalView?> GetProposalAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await engine.GetAsync(proposalId, cancellationToken);
        }
        catch (LifecycleException e) when (e.Kind == LifecycleErrorKind.NotFound)
        {
            return null;
        }
    }
}
