using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Web.Features.Audit;

/// <summary>The reviewer's read-only view of the decision log.</summary>
public sealed class AuditService(DecisionLog log, ActionCatalog catalog)
{
    public IReadOnlyList<string> ActionTypes => [.. catalog.All.Select(d => d.Type.Value).Order(StringComparer.Ordinal)];

    public Task<IReadOnlyList<DecisionRecord>> SearchAsync(DecisionQuery query, CancellationToken cancellationToken = default) =>
        log.SearchAsync(query, cancellationToken);

    public Task<DecisionRecord?> GetAsync(Guid proposalId, CancellationToken cancellationToken = default) =>
        log.GetAsync(proposalId, cancellationToken);
}
