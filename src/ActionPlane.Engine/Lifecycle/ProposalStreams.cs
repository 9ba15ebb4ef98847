using ActionPlane.Engine.Execution;
using JasperFx;
using Marten;
using JasperFx.Events;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>Shared helpers of the command handlers: load a proposal for writing, describe it to an executor, spot conflicts.</summary>
internal static class ProposalStreams
{
    public static async Task<IEventStream<ActionLifecycle>> FetchAsync(IDocumentSession session, Guid proposalId, CancellationToken cancellationToken)
    {
        // Marten refuses the empty Guid as a stream id (ArgumentOutOfRangeException); no proposal has it.
        if (proposalId == Guid.Empty)
            throw NotFound(proposalId);
        var stream = await session.Events.FetchForWriting<ActionLifecycle>(proposalId, cancellationToken);
        return stream.Aggregate is null ? throw NotFound(proposalId) : stream;
    }

    private static LifecycleException NotFound(Guid proposalId) => new(LifecycleErrorKind.NotFound, $"Proposal {proposalId} does not exist.");

    public static ActionExecution ToExecution(this ActionLifecycle p, string actor, DateTimeOffset now) =>
        new(p.Id, p.ActionType, p.AccountId, p.UserId, p.Payload, p.Metadata, p.UserFacingWhy, actor, now);

    /// <summary>The stream moved between our read and our write: someone else got there first.</summary>
    public static bool IsConcurrencyConflict(Exception e) =>
        e is ConcurrencyException || e.GetType().Name is "EventStreamUnexpectedMaxEventIdException" or "ExistingStreamIdCollisionException"
        || (e.InnerException is { } inner && IsConcurrencyConflict(inner));

    /// <summary>The refusal of any step on a lapsed proposal (409): it names when it lapsed and what to do instead.</summary>
    public static LifecycleException Expired(ActionLifecycle p, Exception? inner = null) => new(
        LifecycleErrorKind.Conflict,
        $"Proposal {p.Id} ({p.ActionType}) expired on {p.ExpiredAt:u}: it was proposed on {p.ProposedAt:u} and stayed open past the proposal TTL, " +
        "so the features and policy it was decided on are stale. Nothing was changed; suggest again for a fresh decision.",
        ["expired"], inner);

    /// <summary>
    /// The refusal of a step whose save lost to a concurrent writer: <see cref="Expired"/> when that writer was the
    /// expiry (so the loser learns why, as when it reads the proposal after the expiry), otherwise <see cref="Conflict"/>.
    /// </summary>
    public static async Task<LifecycleException> LostRaceAsync(IDocumentStore store, Guid proposalId, Exception inner, CancellationToken cancellationToken) =>
        LostRace(await LoadWinnerAsync(store, proposalId, cancellationToken), proposalId, inner);

    /// <summary>The proposal as the writer that won the race left it (null if it is gone).</summary>
    public static async Task<ActionLifecycle?> LoadWinnerAsync(IDocumentStore store, Guid proposalId, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<ActionLifecycle>(proposalId, cancellationToken);
    }

    /// <summary><see cref="LostRaceAsync"/> on a winner already loaded (the applier first checks it for a replay of its own request).</summary>
    public static LifecycleException LostRace(ActionLifecycle? winner, Guid proposalId, Exception inner) =>
        winner?.Status == ActionStatus.Expired ? Expired(winner, inner) : Conflict(proposalId, inner);

    public static LifecycleException Conflict(Guid proposalId, Exception inner) => new(
        LifecycleErrorKind.Conflict,
        $"Proposal {proposalId} was changed by someone else at the same time; nothing was changed by this request. Reload it and try again.",
        inner: inner);
}
