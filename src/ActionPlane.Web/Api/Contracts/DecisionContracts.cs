using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>
/// One proposal's audit record: who proposed, approved, applied and undid it, under which model
/// version and policy revision, every gate decision, and the whole event trail.
/// </summary>
public sealed record DecisionRecordResponse(
    Guid ProposalId,
    string DecisionId,
    string Path,
    string Operation,
    string AccountId,
    string? UserId,
    string ActionType,
    string Category,
    string Channel,
    string Status,
    bool Allowed,
    IReadOnlyList<string> DenyRules,
    string PolicyRevision,
    string ModelVersion,
    string FeatureSnapshotHash,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? AppliedBy,
    DateTimeOffset? AppliedAt,
    string? UndoneBy,
    DateTimeOffset? UndoneAt,
    JsonObject Input,
    JsonObject Result,
    IReadOnlyList<GateDecisionSummary> Decisions,
    IReadOnlyList<DecisionTrailEntry> Trail)
{
    internal static DecisionRecordResponse From(DecisionRecord r) => new(
        r.Id, r.DecisionId, r.Path, r.Operation, r.AccountId, r.UserId, r.ActionType, r.Category, r.Channel, ApiText.Of(r.Status),
        r.Allowed, r.DenyRules, r.PolicyRevision, r.ModelVersion, r.FeatureSnapshotHash, r.ProposedBy, r.ProposedAt,
        r.ApprovedBy, r.ApprovedAt, r.AppliedBy, r.AppliedAt, r.UndoneBy, r.UndoneAt, r.Input, r.Result, r.Decisions, r.Trail);
}

/// <summary>One row of the decision log search (the full record is at <c>GET /api/proposals/{id}</c>).</summary>
public sealed record DecisionSummaryResponse(
    Guid ProposalId,
    string DecisionId,
    string AccountId,
    string? UserId,
    string ActionType,
    string Status,
    bool Allowed,
    IReadOnlyList<string> DenyRules,
    string PolicyRevision,
    string ModelVersion,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? ApprovedBy,
    string? AppliedBy,
    string? UndoneBy,
    int TrailLength)
{
    internal static DecisionSummaryResponse From(DecisionRecord r) => new(
        r.Id, r.DecisionId, r.AccountId, r.UserId, r.ActionType, ApiText.Of(r.Status), r.Allowed, r.DenyRules, r.PolicyRevision,
        r.ModelVersion, r.ProposedBy, r.ProposedAt, r.ApprovedBy, r.AppliedBy, r.UndoneBy, r.Trail.Count);
}

/// <summary>A page of the decision log, newest first.</summary>
public sealed record DecisionPageResponse(IReadOnlyList<DecisionSummaryResponse> Items, int Skip, int Take);
