using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>Records what happened after an action (renewed, churned, adopted…): the label the feedback loop trains on.</summary>
public sealed class OutcomeRecorder(IDocumentStore store, TimeProvider timeProvider)
{
    /// <param name="observedAt">When it happened (default now); never in the future.</param>
    public async Task RecordAsync(Guid proposalId, string outcome, double? value, Actor source, CancellationToken cancellationToken = default,
        DateTimeOffset? observedAt = null)
    {
        if (string.IsNullOrWhiteSpace(outcome))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "outcome: required, e.g. retained, churned, feature_adopted.");
        ArgumentNullException.ThrowIfNull(source);
        var now = timeProvider.GetUtcNow();
        if (observedAt > now.AddMinutes(5))
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"observedAt: {observedAt:u} is in the future; outcomes are recorded once they happened.");
        if (value is { } v && (double.IsNaN(v) || double.IsInfinity(v)))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "value: must be a finite number.");
        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        var p = stream.Aggregate!;
        var treated = p.Status == ActionStatus.Applied;
        stream.AppendOne(new OutcomeObserved(proposalId, outcome.Trim(), value, source.Id, observedAt ?? now, treated, "ingested"));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            throw ProposalStreams.Conflict(proposalId, e);
        }
    }
}
