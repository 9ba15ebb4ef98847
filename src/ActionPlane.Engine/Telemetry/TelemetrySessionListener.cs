using ActionPlane.Engine.Lifecycle;
using Marten;
using Marten.Services;

namespace ActionPlane.Engine.Telemetry;

/// <summary>
/// Counts the decision loop from the events each Marten session commits, so a metric moves only
/// when the fact is stored: an idempotent re-apply or a failed transaction counts nothing.
/// </summary>
public sealed class TelemetrySessionListener : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var events = commit.GetEvents().ToList();
        // A proposal's stream started from its round (see ProposalRounds) begins with copies of the round's
        // ActionProposed and PolicyEvaluated, which were counted with the round.
        var started = events.Where(e => e.Data is ActionProposed).Select(e => e.StreamId).ToHashSet();
        foreach (var e in events)
        {
            if (started.Contains(e.StreamId) && (e.Data is ActionProposed || (e.Data is PolicyEvaluated && e.Version == 2)))
                continue;
            switch (e.Data)
            {
                case ProposalsDecided round:
                    foreach (var p in round.Proposals)
                        Proposed(p);
                    foreach (var p in round.Evaluations)
                        Evaluated(p);
                    break;
                case PolicyEvaluated p:
                    Evaluated(p);
                    break;
                case ActionApplied:
                    ActionPlaneTelemetry.RecordApplied();
                    break;
                case ActionRolledBack:
                    ActionPlaneTelemetry.RecordUndone();
                    break;
            }
        }
        return Task.CompletedTask;
    }

    private static void Proposed(ActionProposed p) =>
        ActionPlaneTelemetry.DecisionsProposed.Add(1, new KeyValuePair<string, object?>("action_type", p.ActionType));

    private static void Evaluated(PolicyEvaluated p)
    {
        ActionPlaneTelemetry.PolicyEvaluationDuration.Record(p.EvalNanoseconds / 1_000_000.0,
            new KeyValuePair<string, object?>("operation", p.Operation));
        if (!p.Allow)
            ActionPlaneTelemetry.Denials.Add(1, new KeyValuePair<string, object?>("operation", p.Operation),
                new KeyValuePair<string, object?>("rule", p.Deny.Count > 0 ? p.Deny[0].Rule : p.Error is null ? "unknown" : "error"));
    }
}
