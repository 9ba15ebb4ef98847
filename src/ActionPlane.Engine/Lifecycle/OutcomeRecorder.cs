using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>Records what happened after an action (renewed, churned, adopted…): the label the feedback loop trains on.</summary>
public sealed class OutcomeRecorder(IDocumentStore store, TimeProvider timeProvider)
{
    public async Task RecordAsync(Guid proposalId, string outcome, double? value, Actor source, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(outcome))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "outcome: required, e.g. renewed, churned, adopted.");
        ArgumentNullException.ThrowIfNull(source);
        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        stream.AppendOne(new OutcomeObserved(proposalId, outcome.Trim(), value, source.Id, timeProvider.GetUtcNow()));
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
