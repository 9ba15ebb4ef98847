using System.Globalization;
using ActionPlane.Engine.Outcomes;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>Builds the <see cref="DecisionRecord"/> of a proposal inline, in the same transaction as its events.</summary>
public sealed class DecisionRecordProjection : SingleStreamProjection<DecisionRecord, Guid>
{
    public override DecisionRecord? Evolve(DecisionRecord? snapshot, Guid id, IEvent e)
    {
        if (snapshot is null)
            return e.Data switch
            {
                ActionProposed p => Trail(NewRecord(p), e, p.ProposedBy, $"Proposed {p.ActionType} for {p.AccountId}: {p.Explanation.Summary}"),
                NoActionDecided n => Trail(NewRecord(n), e, n.DecidedBy,
                    string.Create(CultureInfo.InvariantCulture, $"Decided to do nothing for {n.AccountId} ({n.Arm.ToString().ToLowerInvariant()}, propensity {n.Propensity:0.###}; considered {n.Considered.Count})")),
                _ => null,
            };

        var r = snapshot;
        return e.Data switch
        {
            PolicyEvaluated x => Trail(r with
            {
                DecisionId = x.DecisionId,
                Operation = x.Operation,
                Input = x.Input,
                Result = x.Result,
                PolicyRevision = x.PolicyRevision,
                Timestamp = x.At,
                EvalNanoseconds = x.EvalNanoseconds,
                Allowed = x.Operation == "propose" ? x.Allow : r.Allowed,
                DenyRules = x.Deny.Select(d => d.Rule).ToArray(),
                Status = x.Operation == "propose" ? (x.Allow ? ActionStatus.Allowed : ActionStatus.Denied) : r.Status,
                // Only the latest decision's log may be stored without its input and result (Input and Result hold them);
                // the one it supersedes gets them back while Input and Result are still the ones it was made on.
                Decisions = [.. r.WithDecisionLogs().Decisions, new GateDecisionSummary(x.Operation, x.DecisionId, x.Allow, x.Deny.Select(d => d.Rule).ToArray(), x.PolicyRevision, x.Actor, x.At, x.DecisionLog)],
            }, e, x.Actor, x.Allow
                ? $"Policy allowed {x.Operation}{(x.RequiresApproval ? " (approval required)" : "")}"
                : $"Policy denied {x.Operation}: {string.Join("; ", x.Deny.Select(d => $"{d.Rule}: {d.Message}"))}"),
            ActionSimulated x => Trail(r, e, x.By, $"Simulated: {x.Summary}"),
            ApprovalRequested x => Trail(r with { Status = ActionStatus.AwaitingApproval }, e, x.By, "Approval requested" + (x.Note is null ? "" : $": {x.Note}")),
            ActionApproved x => Trail(r with { Status = ActionStatus.Approved, ApprovedBy = x.By, ApprovedAt = x.At }, e, x.By, "Approved" + (x.Note is null ? "" : $": {x.Note}")),
            ActionRejected x => Trail(r with { Status = ActionStatus.Rejected }, e, x.By, $"Rejected: {x.Reason}"),
            ProposalEdited x => Trail(r, e, x.By, "Payload edited" + (r.ApprovedBy is null ? "" : $"; the approval by {r.ApprovedBy} no longer counts")),
            NudgeFeedbackWithdrawn x => Trail(r.Outcome == OutcomeKinds.NotRelevant ? r with { Outcome = null, OutcomeAt = null, OutcomeValue = null, OutcomeSuccessful = false } : r,
                e, x.UserId, "The user took back \"not relevant\""),
            ActionApplied x => Trail(r with { Status = ActionStatus.Applied, AppliedBy = x.By, AppliedAt = x.At }, e, x.By,
                $"Applied: {x.Summary} (undo possible until {x.RollbackExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})"),
            ActionApplyFailed x => Trail(r with { ApplyFailures = r.ApplyFailures + 1 }, e, x.By, $"Apply failed: {x.Reason}"),
            ActionRolledBack x => Trail(r with { Status = ActionStatus.RolledBack, UndoneBy = x.By, UndoneAt = x.At }, e, x.By, $"Undone: {x.Summary}"),
            ProposalExpired x => Trail(r with { Status = ActionStatus.Expired }, e, x.By,
                string.Create(CultureInfo.InvariantCulture, $"Expired: open for more than {x.TtlDays:0.##} days without being applied")),
            NudgeShown x => Trail(r, e, x.UserId, "Nudge shown to the user"),
            NudgeDismissed x => Trail(r, e, x.UserId, $"Nudge dismissed by the user ({x.Kind})"),
            OutcomeObserved x => Trail(r with
            {
                Outcome = x.Outcome, OutcomeValue = x.Value, OutcomeAt = x.At, OutcomeSuccessful = OutcomeKinds.IsSuccess(x.Outcome),
            }, e, x.Source, $"Outcome observed: {x.Outcome}" + (x.Value is { } v ? $" ({v.ToString(CultureInfo.InvariantCulture)})" : "")),
            _ => r,
        };
    }

    private static DecisionRecord NewRecord(ActionProposed p) => new()
    {
        Id = p.ProposalId,
        AccountId = p.AccountId,
        UserId = p.UserId,
        ActionType = p.ActionType,
        Category = p.Metadata["category"]?.GetValue<string>() ?? "",
        Channel = p.Metadata["channel"]?.GetValue<string>() ?? "",
        Status = ActionStatus.Proposed,
        ModelVersion = p.ModelVersion,
        FeatureSnapshotHash = p.FeatureSnapshotHash,
        ProposedBy = p.ProposedBy,
        ProposedAt = p.At,
        Cost = p.Scores.Cost,
        Timestamp = p.At,
        UpdatedAt = p.At,
    };

    private static DecisionRecord NewRecord(NoActionDecided n) => new()
    {
        Id = n.DecisionId,
        AccountId = n.AccountId,
        ActionType = NoActionDecided.ActionType,
        Status = ActionStatus.Proposed,
        ModelVersion = n.ModelVersion,
        FeatureSnapshotHash = n.FeatureSnapshotHash,
        ProposedBy = n.DecidedBy,
        ProposedAt = n.At,
        Timestamp = n.At,
        UpdatedAt = n.At,
    };

    // Times come from the events themselves (the engine's TimeProvider), not the database clock.
    private static DecisionRecord Trail(DecisionRecord r, IEvent e, string actor, string summary)
    {
        var at = e.Data switch
        {
            ActionProposed x => x.At,
            NoActionDecided x => x.At,
            PolicyEvaluated x => x.At,
            ActionSimulated x => x.At,
            ApprovalRequested x => x.At,
            ActionApproved x => x.At,
            ActionRejected x => x.At,
            ActionApplied x => x.At,
            ActionApplyFailed x => x.At,
            ActionRolledBack x => x.At,
            NudgeShown x => x.At,
            NudgeDismissed x => x.At,
            OutcomeObserved x => x.At,
            ProposalEdited x => x.At,
            NudgeFeedbackWithdrawn x => x.At,
            ProposalExpired x => x.At,
            _ => e.Timestamp,
        };
        return r with { UpdatedAt = at, Trail = [.. r.Trail, new DecisionTrailEntry(e.Version, e.Data.GetType().Name, at, actor, summary)] };
    }
}
