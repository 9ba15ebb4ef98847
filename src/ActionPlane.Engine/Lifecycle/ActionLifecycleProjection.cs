using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// Inline snapshot of <see cref="ActionLifecycle"/>, dispatching explicitly to its pure methods so
/// the fold is plain C# (no convention discovery) and sees each event's stream version.
/// </summary>
public sealed class ActionLifecycleProjection : SingleStreamProjection<ActionLifecycle, Guid>
{
    public override ActionLifecycle? Evolve(ActionLifecycle? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, ActionProposed p) => ActionLifecycle.Start(p),
        (null, _) => null,
        ({ } s, PolicyEvaluated x) => ActionLifecycle.Next(x, s),
        ({ } s, ActionSimulated x) => ActionLifecycle.Next(x, s),
        ({ } s, ApprovalRequested x) => ActionLifecycle.Next(x, s),
        ({ } s, ActionApproved x) => ActionLifecycle.Next(x, s),
        ({ } s, ProposalEdited x) => ActionLifecycle.Next(x, s),
        ({ } s, ActionRejected x) => ActionLifecycle.Next(x, s),
        ({ } s, ActionApplied x) => ActionLifecycle.Next(x, s, e.Version),
        ({ } s, ActionRolledBack x) => ActionLifecycle.Next(x, s),
        ({ } s, ProposalExpired x) => ActionLifecycle.Next(x, s),
        ({ } s, _) => s,
    };
}
