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
        foreach (var data in commit.GetEvents().Select(e => e.Data))
        {
            switch (data)
            {
                case ActionProposed p:
                    ActionPlaneTelemetry.DecisionsProposed.Add(1, new KeyValuePair<string, object?>("action_type", p.ActionType));
                    break;
                case PolicyEvaluated p:
                    ActionPlaneTelemetry.PolicyEvaluationDuration.Record(p.EvalNanoseconds / 1_000_000.0,
                        new KeyValuePair<string, object?>("operation", p.Operation));
                    if (!p.Allow)
                        ActionPlaneTelemetry.Denials.Add(1, new KeyValuePair<string, object?>("operation", p.Operation),
                            new KeyValuePair<string, object?>("rule", p.Deny.Count > 0 ? p.Deny[0].Rule : p.Error is null ? "unknown" : "error"));
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
}
