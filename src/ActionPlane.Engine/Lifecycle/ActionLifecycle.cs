using System.Text.Json.Nodes;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// The write model of one proposal, folded from its stream by pure <c>Start</c>/<c>Next</c>
/// methods (not the Create/Apply/Evolve names Marten and its source generator treat as conventions: the projection dispatches explicitly).
/// Command handlers read it through <c>FetchForWriting</c> and guard on it.
/// </summary>
public sealed record ActionLifecycle
{
    public Guid Id { get; init; }
    public ActionStatus Status { get; init; }
    public required string AccountId { get; init; }
    public string? UserId { get; init; }
    public required string ActionType { get; init; }
    public required JsonObject Payload { get; init; }
    public required JsonObject Metadata { get; init; }
    public required string ProposedBy { get; init; }
    public required string ModelVersion { get; init; }
    public DateTimeOffset ProposedAt { get; init; }
    /// <summary>The PII-free "why" shown to end users, carried to the executor for nudges.</summary>
    public string UserFacingWhy { get; init; } = "";
    public required ProposalScores Scores { get; init; }
    public required ProposalExplanation Explanation { get; init; }
    public bool Consequential { get; init; }
    public bool RequiresApproval { get; init; }
    public IReadOnlyList<LifecycleApproval> Approvals { get; init; } = [];
    public string? LastDecisionId { get; init; }
    /// <summary>Why the gate denied the proposal at <c>propose</c> (empty when allowed).</summary>
    public IReadOnlyList<PolicyViolation> ProposeDeny { get; init; } = [];
    public string PolicyRevision { get; init; } = "";
    /// <summary>How many times the payload was edited since it was proposed.</summary>
    public int Edits { get; init; }
    /// <summary>The autonomy level the latest gate decision granted (<c>suggest</c>, <c>one_click</c>, <c>unattended</c>).</summary>
    public string AutonomyLevel { get; init; } = "suggest";

    /// <summary>Set by <see cref="ActionApplied"/>; the rollback token is bound to <see cref="AppliedVersion"/>.</summary>
    public string? IdempotencyKey { get; init; }
    public string? AppliedBy { get; init; }
    public DateTimeOffset? AppliedAt { get; init; }
    public long? AppliedVersion { get; init; }
    public string? TargetId { get; init; }
    public string? AppliedSummary { get; init; }
    public string? RollbackTokenId { get; init; }
    public DateTimeOffset? RollbackExpiresAt { get; init; }
    public DateTimeOffset? RolledBackAt { get; init; }
    /// <summary>Set by <see cref="ProposalExpired"/>: when the proposal lapsed.</summary>
    public DateTimeOffset? ExpiredAt { get; init; }

    /// <summary>Marten sets this to the stream version the snapshot reflects.</summary>
    public long Version { get; set; }

    public static ActionLifecycle Start(ActionProposed e) => new()
    {
        Id = e.ProposalId,
        Status = ActionStatus.Proposed,
        AccountId = e.AccountId,
        UserId = e.UserId,
        ActionType = e.ActionType,
        Payload = e.Payload,
        Metadata = e.Metadata,
        ProposedBy = e.ProposedBy,
        ModelVersion = e.ModelVersion,
        ProposedAt = e.At,
        UserFacingWhy = e.Explanation.UserFacingWhy,
        Scores = e.Scores,
        Explanation = e.Explanation,
        Consequential = e.Metadata["consequential"]?.GetValue<bool>() ?? false,
    };

    public static ActionLifecycle Next(PolicyEvaluated e, ActionLifecycle s)
    {
        // Only the propose decision sets the status: a refused apply or undo leaves the proposal where it was.
        var autonomy = e.Result["obligations"]?["autonomy_level"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var level) ? level : s.AutonomyLevel;
        if (e.Operation != "propose")
            return s with { LastDecisionId = e.DecisionId, AutonomyLevel = autonomy };
        var requires = e.RequiresApproval || s.Consequential;
        return s with
        {
            Status = e.Allow ? ActionStatus.Allowed : ActionStatus.Denied,
            RequiresApproval = requires,
            LastDecisionId = e.DecisionId,
            ProposeDeny = e.Deny,
            PolicyRevision = e.PolicyRevision,
            AutonomyLevel = autonomy,
        };
    }

    public static ActionLifecycle Next(ActionSimulated e, ActionLifecycle s) =>
        s with { RequiresApproval = s.RequiresApproval || e.RequiresApproval };

    public static ActionLifecycle Next(ApprovalRequested e, ActionLifecycle s) =>
        s with { Status = ActionStatus.AwaitingApproval, RequiresApproval = true };

    public static ActionLifecycle Next(ActionApproved e, ActionLifecycle s) =>
        s with { Status = ActionStatus.Approved, Approvals = [.. s.Approvals, new LifecycleApproval(e.By, e.Roles, e.At, e.ApprovalHash)] };

    // The old approvals stay in the list (the audit shows them); their hash no longer matches, so the gate ignores them.
    public static ActionLifecycle Next(ProposalEdited e, ActionLifecycle s) => s with
    {
        Payload = e.Payload,
        Metadata = e.Metadata,
        Status = s.Status is ActionStatus.Approved or ActionStatus.AwaitingApproval ? ActionStatus.Proposed : s.Status,
        Edits = s.Edits + 1,
    };

    public static ActionLifecycle Next(ActionRejected e, ActionLifecycle s) => s with { Status = ActionStatus.Rejected };

    public static ActionLifecycle Next(ActionApplied e, ActionLifecycle s, long version) => s with
    {
        Status = ActionStatus.Applied,
        IdempotencyKey = e.IdempotencyKey,
        AppliedBy = e.By,
        AppliedAt = e.At,
        AppliedVersion = version,
        TargetId = e.TargetId,
        AppliedSummary = e.Summary,
        RollbackTokenId = e.RollbackTokenId,
        RollbackExpiresAt = e.RollbackExpiresAt,
    };

    public static ActionLifecycle Next(ActionRolledBack e, ActionLifecycle s) =>
        s with { Status = ActionStatus.RolledBack, RolledBackAt = e.At };

    public static ActionLifecycle Next(ProposalExpired e, ActionLifecycle s) =>
        s with { Status = ActionStatus.Expired, ExpiredAt = e.At };

    /// <summary>True once the proposal can no longer be applied.</summary>
    public bool IsClosed => Status is ActionStatus.Rejected or ActionStatus.Applied or ActionStatus.RolledBack or ActionStatus.Expired;

    /// <summary>
    /// Still waiting for someone (allowed, denied, awaiting approval, approved): what lapses after the TTL. A holdout
    /// log (never gated, <see cref="ActionStatus.Proposed"/>) is a record of a decision, not something to act on, and never lapses.
    /// </summary>
    public bool IsOpen => Status is ActionStatus.Allowed or ActionStatus.Denied or ActionStatus.AwaitingApproval or ActionStatus.Approved;
}

/// <summary>One approval as the policy input lists it, with the payload+revision hash it was given for.</summary>
public sealed record LifecycleApproval(string By, IReadOnlyList<string> Roles, DateTimeOffset At, string? Hash = null);
