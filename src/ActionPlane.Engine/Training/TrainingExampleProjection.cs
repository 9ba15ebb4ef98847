using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ActionPlane.Engine.Training;

/// <summary>
/// Builds the <see cref="TrainingExample"/> of a proposal inline from its own events only, so
/// rebuilding it from the event store gives the same rows: features and versions from
/// <see cref="ActionProposed"/>, the policy revision from the first <see cref="PolicyEvaluated"/>,
/// treatment from apply and undo, the label from <see cref="OutcomeObserved"/>. A decision stream that
/// starts with <see cref="NoActionDecided"/> becomes an untreated row of action type <c>no_action</c>
/// with the logged probability of doing nothing.
/// </summary>
public sealed class TrainingExampleProjection : SingleStreamProjection<TrainingExample, Guid>
{
    public override TrainingExample? Evolve(TrainingExample? snapshot, Guid id, IEvent e)
    {
        if (snapshot is null)
            return e.Data switch
            {
                ActionProposed p => Start(p, e.TenantId),
                NoActionDecided n => Start(n, e.TenantId),
                _ => null,
            };
        var r = snapshot;
        return e.Data switch
        {
            PolicyEvaluated x when r.PolicyRevision.Length == 0 => r with { PolicyRevision = x.PolicyRevision },
            ActionApplied x => r with { AppliedAt = x.At, UndoneAt = null },
            ActionRolledBack x => r with { UndoneAt = x.At },
            OutcomeObserved x => r with
            {
                Outcome = x.Outcome,
                OutcomeValue = x.Value,
                OutcomeAt = x.At,
                OutcomeSource = x.Source,
                // Older outcome events carry no flag: in effect means applied and not undone.
                Treated = x.Treated ?? (r.AppliedAt is not null && r.UndoneAt is null),
                Retained = RetentionLabel(x.Outcome) ?? r.Retained,
                NotRelevant = r.NotRelevant || x.Outcome == OutcomeKinds.NotRelevant,
                Labelled = true,
            },
            NudgeFeedbackWithdrawn when r.Outcome == OutcomeKinds.NotRelevant => r with
            {
                Outcome = null, OutcomeValue = null, OutcomeAt = null, OutcomeSource = null, NotRelevant = false, Labelled = r.Retained is not null,
            },
            _ => r,
        };
    }

    /// <summary>retained → true, churned → false; other outcomes (adoption, conversion, feedback) leave the retention label as it was.</summary>
    public static bool? RetentionLabel(string outcome) => outcome switch
    {
        OutcomeKinds.Retained or "renewed" => true,
        OutcomeKinds.Churned => false,
        _ => null,
    };

    private static TrainingExample Start(NoActionDecided n, string tenantId) => new()
    {
        Id = n.DecisionId,
        TenantId = tenantId,
        AccountId = n.AccountId,
        ActionType = TrainingExample.NoActionType,
        DecidedAt = n.At,
        DecidedBy = n.DecidedBy,
        Arm = n.Arm.ToString().ToLowerInvariant(),
        Propensity = n.Propensity,
        // Doing nothing was the engine's own draw.
        Chosen = true,
        Considered = n.Considered,
        Features = n.Features,
        FeatureSnapshotHash = n.FeatureSnapshotHash,
        ChurnModelVersion = n.ModelVersion,
    };

    private static TrainingExample Start(ActionProposed p, string tenantId)
    {
        var trace = p.Explanation.Trace;
        var person = p.Arm is null || trace?.DecidedBy == "person";
        return new TrainingExample
        {
            Id = p.ProposalId,
            TenantId = tenantId,
            AccountId = p.AccountId,
            UserId = p.UserId,
            ActionType = p.ActionType,
            DecidedAt = p.At,
            DecidedBy = p.ProposedBy,
            Arm = person ? TrainingExample.PersonArm : p.Arm!.Value.ToString().ToLowerInvariant(),
            Propensity = person ? null : p.Propensity,
            // Without a trace, a positive logged propensity is the engine's own choice.
            Chosen = trace?.Chosen ?? (person || p.Propensity > 0),
            Features = p.Features,
            FeatureSnapshotHash = p.FeatureSnapshotHash,
            ChurnModelVersion = p.ModelVersion,
            UpliftModelVersion = trace?.UpliftModelVersion ?? "",
            RankModelVersion = trace?.RankModelVersion ?? "",
        };
    }
}
