using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Features.Policies;

namespace ActionPlane.Web.Features.Audit;

/// <summary>The reviewer's read-only view of the decision log, and replays of its decisions under other policy revisions.</summary>
public sealed class AuditService(DecisionLog log, ActionCatalog catalog, DecisionReplayer replayer, PolicyBrowserService policies)
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
}
