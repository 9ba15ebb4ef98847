using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Policies;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>
/// Optional body of <c>POST /api/accounts/{accountId}/proposals</c>. Empty: the engine proposes from
/// the catalog. <c>userId</c>: user-facing actions aim at that user. <c>actionType</c> + <c>payload</c>:
/// propose exactly that action (e.g. a CSM's own discount).
/// </summary>
public sealed record ProposeRequest(string? ActionType, JsonObject? Payload, string? UserId);

/// <summary>The gate's verdict, shaped like the policy's own result object.</summary>
public sealed record PolicyDecisionResponse(
    [property: JsonPropertyName("decision_id")] string DecisionId,
    [property: JsonPropertyName("allow")] bool Allow,
    [property: JsonPropertyName("deny")] IReadOnlyList<PolicyViolation> Deny,
    [property: JsonPropertyName("requires_approval")] bool RequiresApproval,
    [property: JsonPropertyName("revision")] string Revision);

/// <summary>
/// One ranked proposal: what, for whom, why, how valuable, what the policy said, and how the engine
/// decided (<c>arm</c> exploit|explore|holdout and its <c>propensity</c>; null for an action a person
/// chose). <c>holdout</c> and <c>suggestOnly</c> proposals are not actionable as usual;
/// <c>notActionableReason</c> says why. <c>trace</c> is the full decision trace (null on proposals
/// recorded before traces existed).
/// </summary>
public sealed record ProposalResponse(
    Guid Id,
    int Rank,
    string AccountId,
    string? UserId,
    string ActionType,
    string Title,
    string Description,
    JsonObject Payload,
    ProposalScores Scores,
    ExplanationResponse Explanation,
    string Status,
    PolicyDecisionResponse PolicyDecision,
    string ModelVersion,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? Arm,
    double? Propensity,
    bool Holdout,
    bool SuggestOnly,
    string? NotActionableReason,
    DecisionTraceResponse? Trace)
{
    /// <summary><c>suggest</c>, <c>one_click</c> or <c>unattended</c>: how far the action may run without a person (policy autonomy rules).</summary>
    public string AutonomyLevel { get; init; } = "suggest";

    internal static ProposalResponse From(ProposalView v) => new(
        v.ProposalId, v.Rank, v.AccountId, v.UserId, v.ActionType, v.Title, v.Description, v.Payload, v.Scores,
        ExplanationResponse.From(v.Explanation),
        ApiText.Of(v.Status), new PolicyDecisionResponse(v.DecisionId, v.Allowed, v.Deny, v.RequiresApproval, v.PolicyRevision),
        v.ModelVersion, v.ProposedBy, v.ProposedAt,
        v.Arm is { } arm ? ApiText.Of(arm) : null,
        v.Arm is null ? null : v.Trace!.Propensity,
        v.Holdout, v.SuggestOnly, v.NotActionableReason,
        v.Trace is { } trace ? DecisionTraceResponse.From(trace, v.Explanation.UserFacingWhy) : null) { AutonomyLevel = v.AutonomyLevel };
}

/// <summary>Why, in words: summary, triggering signal, top drivers, and the PII-free sentence end users see.</summary>
public sealed record ExplanationResponse(string Summary, string TriggeringSignal, IReadOnlyList<ExplanationDriver> Drivers, string UserFacingWhy)
{
    internal static ExplanationResponse From(ProposalExplanation e) => new(e.Summary, e.TriggeringSignal, e.Drivers, e.UserFacingWhy);
}

/// <summary>A candidate the engine built but never stored, because its payload failed its schema.</summary>
public sealed record RejectedCandidateResponse(string ActionType, JsonObject Payload, IReadOnlyList<PayloadError> Errors);

/// <summary>The ranked proposals of one account (allowed first), plus schema-rejected candidates.</summary>
public sealed record ProposalBatchResponse(string AccountId, IReadOnlyList<ProposalResponse> Proposals, IReadOnlyList<RejectedCandidateResponse> Rejected)
{
    internal static ProposalBatchResponse From(ProposalBatch b) => new(
        b.AccountId,
        [.. b.Proposals.Select(ProposalResponse.From)],
        [.. b.Rejected.Select(r => new RejectedCandidateResponse(r.ActionType, r.Payload, r.Errors))]);
}

/// <summary>A preview of apply: target state before and after, and what the gate would say now.</summary>
public sealed record SimulationResponse(
    Guid ProposalId,
    string ActionType,
    JsonObject Before,
    JsonObject After,
    string Summary,
    PolicyDecisionResponse PolicyDecision,
    bool HasApproval)
{
    internal static SimulationResponse From(SimulationResult r) => new(
        r.ProposalId, r.ActionType, r.Before, r.After, r.Summary,
        new PolicyDecisionResponse(r.DecisionId, r.WouldBeAllowed, r.Deny, r.RequiresApproval, r.PolicyRevision),
        r.HasApproval);
}

/// <summary>Optional body of approve and request-approval.</summary>
public sealed record ApprovalRequest(string? Note);

/// <summary>Body of reject: why the action is turned down (required).</summary>
public sealed record RejectRequest(string? Reason);
