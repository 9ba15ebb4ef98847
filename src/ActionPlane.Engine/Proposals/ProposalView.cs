using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Proposals;

/// <summary>A stored proposal as the CSM queue shows it: what, for whom, why, how valuable, and what the gate said.</summary>
public sealed record ProposalView(
    Guid ProposalId,
    int Rank,
    string AccountId,
    string? UserId,
    string ActionType,
    string Title,
    string Description,
    JsonObject Payload,
    ProposalScores Scores,
    ProposalExplanation Explanation,
    ActionStatus Status,
    bool Allowed,
    IReadOnlyList<PolicyViolation> Deny,
    bool RequiresApproval,
    string DecisionId,
    string PolicyRevision,
    string ModelVersion,
    string ProposedBy,
    DateTimeOffset ProposedAt)
{
    /// <summary>How far this action may run without a person (<c>suggest</c>, <c>one_click</c>, <c>unattended</c>), as the gate last granted it.</summary>
    public string AutonomyLevel { get; init; } = "suggest";

    /// <summary>The view of a proposal as its propose-time gate decision left it.</summary>
    internal static ProposalView From(ActionLifecycle p, ActionDefinition? definition, int rank) => new(
        p.Id, rank, p.AccountId, p.UserId, p.ActionType, definition?.Title ?? p.ActionType, definition?.Description ?? "",
        p.Payload, p.Scores, p.Explanation, p.Status, p.ProposeDeny.Count == 0, p.ProposeDeny, p.RequiresApproval,
        p.LastDecisionId ?? "", p.PolicyRevision, p.ModelVersion, p.ProposedBy, p.ProposedAt) { AutonomyLevel = p.AutonomyLevel };
}

/// <summary>One run of the NBA engine: ranked proposals (allowed first) and candidates whose payload failed its schema.</summary>
public sealed record ProposalBatch(string AccountId, IReadOnlyList<ProposalView> Proposals, IReadOnlyList<RejectedCandidate> Rejected);

/// <summary>A candidate that was never stored because its payload did not match its schema.</summary>
public sealed record RejectedCandidate(string ActionType, JsonObject Payload, IReadOnlyList<PayloadError> Errors);
