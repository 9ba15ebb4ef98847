using ActionPlane.Engine.Execution;
using JasperFx;
using Marten;
using JasperFx.Events;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>Shared helpers of the command handlers: load a proposal for writing, describe it to an executor, spot conflicts.</summary>
internal static class ProposalStreams
{
    /// <summary>
    /// The proposal's stream for writing. A proposal still on its round (see <see cref="ProposalRounds"/>)
    /// has no stream yet: its stream is started here with the events the round recorded for it, so the
    /// command appends after them as it would have; two first commands racing both start it and the
    /// second save fails on the stream id, as a stale expected version fails it later on.
    /// </summary>
    public static async Task<ProposalStream> FetchAsync(IDocumentSession session, Guid proposalId, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<ActionLifecycle>(proposalId, cancellationToken);
        if (stream.CurrentVersion is > 0)
            return stream.Aggregate is null
                ? throw NotFound(proposalId)
                : new ProposalStream(stream, stream.Aggregate);
        // No stream yet: Marten may still hand back the round's copy of the document, which names the round.
        var events = await ProposalRounds.RoundEventsAsync(session, proposalId, stream.Aggregate?.RoundId, cancellationToken);
        if (events.Count == 0)
            throw NotFound(proposalId);
        stream.AppendMany(events.Select(e => e.Data).ToArray());
        return new ProposalStream(stream, ProposalRounds.Lifecycle(proposalId, events)! with { Version = events.Count });
    }

    private static LifecycleException NotFound(Guid proposalId) => new(LifecycleErrorKind.NotFound, $"Proposal {proposalId} does not exist.");

    public static ActionExecution ToExecution(this ActionLifecycle p, string actor, DateTimeOffset now) =>
        new(p.Id, p.ActionType, p.AccountId, p.UserId, p.Payload, p.Metadata, p.UserFacingWhy, actor, now);

    /// <summary>The stream moved between our read and our write: someone else got there first.</summary>
    public static bool IsConcurrencyConflict(Exception e) =>
        e is ConcurrencyException || e.GetType().Name is "EventStreamUnexpectedMaxEventIdException" or "ExistingStreamIdCollisionException"
        || (e.InnerException is { } inner && IsConcurrencyConflict(inner));

    public static LifecycleException Conflict(Guid proposalId, Exception inner) => new(
        LifecycleErrorKind.Conflict,
        $"Proposal {proposalId} was changed by someone else at the same time; nothing was changed by this request. Reload it and try again.",
        inner: inner);
}

/// <summary>A proposal's stream opened for writing and the proposal as it stands (folded from the round when the stream was just started).</summary>
internal sealed class ProposalStream(IEventStream<ActionLifecycle> stream, ActionLifecycle proposal)
{
    public ActionLifecycle Aggregate { get; } = proposal;

    /// <summary>The stream's version counting what was appended in this session (Marten's own count).</summary>
    public long? CurrentVersion => stream.CurrentVersion;

    public void AppendOne(object e) => stream.AppendOne(e);

    public void AppendMany(params object[] events) => stream.AppendMany(events);
}
