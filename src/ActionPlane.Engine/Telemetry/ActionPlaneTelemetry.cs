using System.Diagnostics;
using System.Diagnostics.Metrics;
using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Engine.Telemetry;

/// <summary>
/// The one <see cref="Meter"/> and <see cref="ActivitySource"/> named "ActionPlane": counters of the
/// decision loop and spans around propose and apply, for whatever exporter the host wires up.
/// </summary>
public static class ActionPlaneTelemetry
{
    public const string Name = "ActionPlane";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>Proposals recorded (one per <c>ActionProposed</c> event), by action type.</summary>
    public static Counter<long> DecisionsProposed { get; } =
        Meter.CreateCounter<long>("actionplane.decisions.proposed", "{proposal}", "Proposals recorded, by action type.");

    /// <summary>Gate decisions that denied, by operation (propose, approve, apply, undo) and first deny rule.</summary>
    public static Counter<long> Denials { get; } =
        Meter.CreateCounter<long>("actionplane.policy.denials", "{decision}", "Gate decisions that denied, by operation and rule.");

    /// <summary>Time the Rego gate took per recorded decision.</summary>
    public static Histogram<double> PolicyEvaluationDuration { get; } =
        Meter.CreateHistogram<double>("actionplane.policy.evaluation.duration", "ms", "Policy gate evaluation time per recorded decision.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50] });

    /// <summary>Actions applied (one per <c>ActionApplied</c> event).</summary>
    public static Counter<long> Applies { get; } =
        Meter.CreateCounter<long>("actionplane.actions.applied", "{action}", "Actions applied.");

    /// <summary>Actions undone (one per <c>ActionRolledBack</c> event).</summary>
    public static Counter<long> Undos { get; } =
        Meter.CreateCounter<long>("actionplane.actions.undone", "{action}", "Actions undone (rolled back).");

    /// <summary>
    /// Time to serve one operation end to end (authorization, features, models, policy, store), by
    /// operation and status code; <c>operation="propose"</c> is the decision latency a caller sees.
    /// </summary>
    public static Histogram<double> OperationDuration { get; } =
        Meter.CreateHistogram<double>("actionplane.operation.duration", "ms", "Time to serve one API operation or page, by operation and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500] });

    private static long s_applied;
    private static long s_undone;

    /// <summary>Undos per apply seen by this process since it started (0 before the first apply).</summary>
    public static ObservableGauge<double> ReversalRate { get; } =
        Meter.CreateObservableGauge("actionplane.actions.reversal_rate",
            () => Interlocked.Read(ref s_applied) is var applied and > 0 ? (double)Interlocked.Read(ref s_undone) / applied : 0.0,
            "{ratio}", "Undos per applied action since this process started; across processes use rate(undone) / rate(applied).");

    /// <summary>Counts one stored <c>ActionApplied</c>.</summary>
    public static void RecordApplied()
    {
        Applies.Add(1);
        Interlocked.Increment(ref s_applied);
    }

    /// <summary>Counts one stored <c>ActionRolledBack</c>.</summary>
    public static void RecordUndone()
    {
        Undos.Add(1);
        Interlocked.Increment(ref s_undone);
    }

    /// <summary>Requests the authorization policy (<c>data.actionplane.authz</c>) refused, by operation and first deny rule.</summary>
    public static Counter<long> AuthzDenials { get; } =
        Meter.CreateCounter<long>("actionplane.authz.denials", "{request}", "Requests the authorization policy refused, by operation and rule.");

    /// <summary>Time the authorization policy took per checked request, including loading the resource it names.</summary>
    public static Histogram<double> AuthzEvaluationDuration { get; } =
        Meter.CreateHistogram<double>("actionplane.authz.evaluation.duration", "ms", "Authorization policy evaluation time per request.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50] });

    /// <summary>
    /// Runs one gate evaluation inside an <c>actionplane.policy</c> span (a child of the propose,
    /// apply or undo span), tagged with the verdict, decision id and bundle revision.
    /// </summary>
    public static async Task<GateOutcome> TracePolicyAsync(string operation, Func<Task<GateOutcome>> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        using var activity = Source.StartActivity("actionplane.policy")?.SetTag("actionplane.operation", operation);
        var outcome = await evaluate();
        activity?.SetTag("actionplane.policy.allow", outcome.Allowed)
            .SetTag("actionplane.policy.decision_id", outcome.Decision.DecisionId)
            .SetTag("actionplane.policy.revision", outcome.Decision.Revision);
        return outcome;
    }
}
