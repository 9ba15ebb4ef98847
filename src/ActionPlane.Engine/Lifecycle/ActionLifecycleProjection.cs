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
        (null, ActionProposed p) => ActionLifecycle.Create(p),
        (null, _) => null,
        ({ } s, PolicyEvaluated x) => ActionLifecycle.Apply(x, s),
        ({ } s, ActionSimulated x) => ActionLifecycle.Apply(x, s),
        ({ } s, ApprovalRequested x) => ActionLifecycle.Apply(x, s),
        ({ } s, ActionApproved x) => ActionLifecycle.Apply(x, s),
        ({ } s, ActionRejected x) => ActionLifecycle.Apply(x, s),
        ({ } s, ActionApplied x) => ActionLifecycle.Apply(x, s, e.Version),
        ({ } s, ActionRolledBack x) => ActionLifecycle.Apply(x, s),
        ({ } s, _) => s,
    };
}
