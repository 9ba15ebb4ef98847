using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Lifecycle;

// Every event of a proposal's stream. They carry what a reviewer needs later without joins:
// actors, times, model version, policy revision, decision ids and the policy input itself.

/// <summary>
/// A schema-valid, scored candidate became a proposal (the first event of its stream). <see cref="Arm"/>
/// and <see cref="Propensity"/> are how the engine's decision for the account was made (exploit,
/// explore or holdout, and the probability the policy had of making it; 0 for an alternative the
/// engine did not choose); null on events recorded before arbitration existed and on proposals a
/// person chose. The full decision trace travels in <see cref="Explanation"/>. <see cref="Features"/> is
/// the feature snapshot the models scored (its hash is <see cref="FeatureSnapshotHash"/>), kept so the
/// decision can become a point-in-time training example; null on events recorded before it was kept, and
/// null on the engine's events since the snapshot is stored once per propose as a
/// <c>StoredFeatureSnapshot</c> under <see cref="FeatureSnapshotHash"/>.
/// </summary>
public sealed record ActionProposed(
    Guid ProposalId,
    string AccountId,
    string? UserId,
    string ActionType,
    JsonObject Payload,
    JsonObject Metadata,
    ProposalScores Scores,
    ProposalExplanation Explanation,
    string ModelVersion,
    string FeatureSnapshotHash,
    string ProposedBy,
    DateTimeOffset At,
    Arm? Arm = null,
    double? Propensity = null,
    FeatureSnapshot? Features = null);

/// <summary>
/// The policy gate decided on one operation (propose, approve, apply or undo) of the proposal.
/// <see cref="DecisionLog"/> is the decision as OPA's decision log records it, after the bundle's
/// <c>data.system.log.mask</c> (null on events recorded before decision logs existed), stored without
/// its copy of <see cref="Input"/> where <see cref="MaskedDecisionLog"/> can derive it (read it through
/// <see cref="MaskedDecisionLog.Expand"/>).
/// </summary>
public sealed record PolicyEvaluated(
    Guid ProposalId,
    string Operation,
    string DecisionId,
    bool Allow,
    IReadOnlyList<PolicyViolation> Deny,
    bool RequiresApproval,
    string PolicyRevision,
    JsonObject Input,
    JsonObject Result,
    long EvalNanoseconds,
    string Actor,
    DateTimeOffset At,
    string? Error = null,
    JsonObject? DecisionLog = null);

/// <summary>Someone previewed what apply would change, and what the gate would say now.</summary>
public sealed record ActionSimulated(
    Guid ProposalId,
    string By,
    JsonObject Before,
    JsonObject After,
    string Summary,
    string DecisionId,
    bool Allow,
    IReadOnlyList<PolicyViolation> Deny,
    bool RequiresApproval,
    DateTimeOffset At);

/// <summary>A consequential action was put in front of approvers.</summary>
public sealed record ApprovalRequested(Guid ProposalId, string By, string? Note, DateTimeOffset At);

/// <summary>
/// An approver (not the proposer) approved a consequential action. <see cref="ApprovalHash"/> binds
/// the approval to the payload and policy revision it was given for (see <c>ApprovalHash.Of</c>);
/// approvals recorded before hashes existed have none and no longer count.
/// </summary>
public sealed record ActionApproved(Guid ProposalId, string By, IReadOnlyList<string> Roles, string? Note, DateTimeOffset At, string? ApprovalHash = null, string? PolicyRevision = null);

/// <summary>
/// Someone changed the payload of an open proposal. It was re-validated against its schema and is
/// re-gated right after (a <see cref="PolicyEvaluated"/> follows); approvals given before no longer count.
/// </summary>
public sealed record ProposalEdited(Guid ProposalId, JsonObject Payload, JsonObject Metadata, JsonObject PreviousPayload, string By, DateTimeOffset At);

/// <summary>An approver turned the action down; the proposal is closed.</summary>
public sealed record ActionRejected(Guid ProposalId, string By, string Reason, DateTimeOffset At);

/// <summary>
/// The proposal stayed open (allowed, denied, awaiting approval or approved) longer than the proposal TTL
/// (<see cref="TtlDays"/>) and lapsed: the features and policy it was decided on are stale, so it can no
/// longer be approved or applied; a new decision for the account is made instead. <see cref="By"/> is the
/// system actor (the TTL rule, not a person).
/// </summary>
public sealed record ProposalExpired(Guid ProposalId, string AccountId, DateTimeOffset ProposedAt, double TtlDays, string By, DateTimeOffset At);

/// <summary>The executor changed target state (in the same transaction as this event).</summary>
public sealed record ActionApplied(
    Guid ProposalId,
    string IdempotencyKey,
    string By,
    DateTimeOffset At,
    string TargetId,
    string RollbackTokenId,
    DateTimeOffset RollbackExpiresAt,
    JsonObject Before,
    JsonObject After,
    string Summary);

/// <summary>Apply was attempted, allowed, and failed in the executor; target state is unchanged.</summary>
public sealed record ActionApplyFailed(Guid ProposalId, string IdempotencyKey, string By, string Reason, DateTimeOffset At);

/// <summary>The executor compensated an applied action (the token is now used).</summary>
public sealed record ActionRolledBack(
    Guid ProposalId,
    string By,
    string RollbackTokenId,
    JsonObject Before,
    JsonObject After,
    string Summary,
    DateTimeOffset At);

/// <summary>An end user saw the nudge an applied action put in their inbox.</summary>
public sealed record NudgeShown(Guid ProposalId, string NudgeId, string UserId, DateTimeOffset At);

/// <summary>An end user dismissed the nudge (kind: <c>not_relevant</c> or <c>later</c>).</summary>
public sealed record NudgeDismissed(Guid ProposalId, string NudgeId, string UserId, string Kind, string Category, DateTimeOffset At);

/// <summary>The user took back a "not relevant": the nudge is visible again and its suppression lifted.</summary>
public sealed record NudgeFeedbackWithdrawn(Guid ProposalId, string NudgeId, string UserId, DateTimeOffset At);

/// <summary>
/// What happened after the action (e.g. retained, churned, feature adopted; <c>not_relevant</c> from
/// feedback): the training label. <see cref="Treated"/> says whether the action was in effect for the
/// subject (applied and not undone) or not (held out, explored elsewhere, never applied); <see cref="Horizon"/> names when it was observed (e.g. <c>renewal</c>).
/// </summary>
public sealed record OutcomeObserved(Guid ProposalId, string Outcome, double? Value, string Source, DateTimeOffset At, bool? Treated = null, string? Horizon = null);

/// <summary>
/// The engine decided to do nothing for the account (the first event of a decision stream of its own):
/// an ε-draw of "no action", the greedy choice when no candidate was worth acting on, or nothing left
/// after the gate. Off-policy evaluation and training need these decisions as much as the actions:
/// <see cref="Arm"/> and <see cref="Propensity"/> are P("no action") under the logging policy, as
/// <see cref="ActionProposed"/> carries them for actions. Its decision record has action type
/// <see cref="ActionType"/> and is never gated or applied; its outcome is the untreated one.
/// <see cref="Features"/> is the snapshot the models scored, so the decision becomes a control
/// training example; null on events recorded before it was kept, and on the engine's events since the
/// snapshot is stored once per propose (<c>StoredFeatureSnapshot</c>, under <see cref="FeatureSnapshotHash"/>).
/// </summary>
public sealed record NoActionDecided(
    Guid DecisionId,
    string AccountId,
    Arm Arm,
    double Propensity,
    IReadOnlyList<string> Considered,
    decimal BestExpectedValue,
    double ChurnProbability,
    string ModelVersion,
    string FeatureSnapshotHash,
    string DecidedBy,
    DateTimeOffset At,
    FeatureSnapshot? Features = null)
{
    /// <summary>The action type of a no-action decision record (not an action of the catalog).</summary>
    public const string ActionType = "no_action";
}
