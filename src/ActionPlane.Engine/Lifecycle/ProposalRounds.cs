using ActionPlane.Engine.Training;
using JasperFx.Events;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// A propose call's decisions recorded as one round (<see cref="ProposalsDecided"/> on a stream of its
/// own) instead of one stream per proposal: one stream row and one event per call instead of one stream
/// and two events per candidate. Each proposal's <see cref="ActionLifecycle"/> and <see cref="DecisionRecord"/>
/// are written in the same transaction, built by the same projections from the same events its own stream
/// will start with, and carry the round's id (<c>RoundId</c>) until that stream exists: every reader of
/// those documents reads what it read before. Its <see cref="TrainingExample"/> row is projected when its
/// stream starts: a row is training data once it has a label, and every label (<see cref="OutcomeObserved"/>)
/// goes on the proposal's own stream. The first command on a proposal (simulate, approve, edit, apply, outcome) starts its
/// stream from the round (<see cref="ProposalStreams.FetchAsync"/>), so the lifecycle, its expected-version
/// concurrency and its rollback tokens are unchanged.
/// </summary>
public static class ProposalRounds
{
    // Built once: a Marten projection's constructor does far more than its Evolve (≈ 90 KB a call), and Evolve keeps no state.
    private static readonly ActionLifecycleProjection Lifecycles = new();
    private static readonly DecisionRecordProjection Records = new();

    /// <summary>Stages a round: its stream and event, and each proposal's documents.</summary>
    public static void Record(IDocumentSession session, ProposalsDecided round)
    {
        session.Events.StartStream(round.RoundId, round);
        foreach (var proposed in round.Proposals)
        {
            var events = Wrap(session, round.EventsOf(proposed.ProposalId));
            session.Store(Fold(Lifecycles, proposed.ProposalId, events)! with { RoundId = round.RoundId });
            session.Store(Fold(Records, proposed.ProposalId, events)! with { RoundId = round.RoundId });
        }
    }

    /// <summary>
    /// The events of a proposal: its own stream's, or for a proposal still on its round, the ones its
    /// stream will start with. Empty when there is no such proposal.
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> EventsAsync(IQuerySession session, Guid proposalId, CancellationToken cancellationToken = default)
    {
        var events = await session.Events.FetchStreamAsync(proposalId, token: cancellationToken);
        return events.Count > 0 ? events : await RoundEventsAsync(session, proposalId, null, cancellationToken);
    }

    /// <summary>The events a proposal still on its round will start its stream with (empty when it is not on a round).</summary>
    /// <param name="roundId">Its round when the caller already knows it (saves the record's read).</param>
    internal static async Task<IReadOnlyList<IEvent>> RoundEventsAsync(IQuerySession session, Guid proposalId, Guid? roundId, CancellationToken cancellationToken)
    {
        roundId ??= (await session.LoadAsync<DecisionRecord>(proposalId, cancellationToken))?.RoundId;
        if (roundId is null)
            return [];
        var rounds = await LoadAsync(session, [roundId.Value], cancellationToken);
        return rounds.TryGetValue(roundId.Value, out var round) ? Wrap(session, round.EventsOf(proposalId)) : [];
    }

    /// <summary>The rounds with these ids, in one query (by stream id, which the event table indexes).</summary>
    public static async Task<IReadOnlyDictionary<Guid, ProposalsDecided>> LoadAsync(IQuerySession session, IReadOnlyCollection<Guid> roundIds, CancellationToken cancellationToken)
    {
        if (roundIds.Count == 0)
            return new Dictionary<Guid, ProposalsDecided>();
        var ids = roundIds.Distinct().ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.StreamId)).ToListAsync(cancellationToken);
        return events.Select(e => e.Data).OfType<ProposalsDecided>().ToDictionary(r => r.RoundId);
    }

    /// <summary>The events as their own stream numbers them (1, 2), for the projections.</summary>
    private static IReadOnlyList<IEvent> Wrap(IQuerySession session, IReadOnlyList<object> events) =>
        [.. events.Select((data, i) => Wrap(session, data, i + 1))];

    private static IEvent Wrap(IQuerySession session, object data, long version)
    {
        IEvent e = data switch
        {
            ActionProposed p => new Event<ActionProposed>(p),
            PolicyEvaluated p => new Event<PolicyEvaluated>(p),
            _ => throw new ArgumentException($"A round holds proposals and their gate decisions, not {data.GetType().Name}.", nameof(data)),
        };
        e.Version = version;
        e.TenantId = session.TenantId;
        return e;
    }

    /// <summary>The proposal as these events leave it (the same fold as its inline projection).</summary>
    internal static ActionLifecycle? Lifecycle(Guid proposalId, IReadOnlyList<IEvent> events) => Fold(Lifecycles, proposalId, events);

    private static T? Fold<T>(Marten.Events.Aggregation.SingleStreamProjection<T, Guid> projection, Guid id, IReadOnlyList<IEvent> events) where T : class
    {
        T? snapshot = null;
        foreach (var e in events)
            snapshot = projection.Evolve(snapshot, id, e);
        return snapshot;
    }
}
