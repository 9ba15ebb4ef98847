using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Decisioning;
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

    /// <summary>The decision trace (null on proposals recorded before traces existed).</summary>
    public DecisionTrace? Trace => Explanation.Trace;

    /// <summary>How the engine decided (exploit, explore, holdout); null when a person chose the action or before arbitration existed.</summary>
    public Arm? Arm => Trace is { DecidedBy: "engine" } t ? t.Arm : null;

    /// <summary>A holdout log: what the engine would have done for a held-out account; never actionable.</summary>
    public bool Holdout => Trace?.Holdout == true;

    /// <summary>The weekly budget is spent: propose and simulate, but do not apply it with one click or unattended.</summary>
    public bool SuggestOnly => Trace?.SuggestOnly == true;

    /// <summary>Why the proposal is not actionable as usual (holdout or suggest-only), in words for the CSM; null when it is.</summary>
    public string? NotActionableReason => Holdout
        ? "This account is in the measurement holdout: nothing is done for it, and this decision is logged so outcomes can be compared."
        : SuggestOnly && Trace is { } t
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Suggest only: this week's budget does not cover it ({t.Budget.Spent:N0} of {t.Budget.MoneyBudget:N0} spent in {t.Budget.IsoWeek}; this action costs {Scores.Cost:N0}). It can be simulated and done by hand, not applied automatically.")
            : null;

    /// <summary>The view of a proposal as its propose-time gate decision left it (a holdout log was never gated, so it is not allowed).</summary>
    internal static ProposalView From(ActionLifecycle p, ActionDefinition? definition, int rank) => new(
        p.Id, rank, p.AccountId, p.UserId, p.ActionType, definition?.Title ?? p.ActionType, definition?.Description ?? "",
        p.Payload, p.Scores, p.Explanation, p.Status, p.Status != ActionStatus.Proposed && p.ProposeDeny.Count == 0, p.ProposeDeny, p.RequiresApproval,
        p.LastDecisionId ?? "", p.PolicyRevision, p.ModelVersion, p.ProposedBy, p.ProposedAt) { AutonomyLevel = p.AutonomyLevel };
}

/// <summary>One run of the NBA engine: ranked proposals (allowed first) and candidates whose payload failed its schema.</summary>
public sealed record ProposalBatch(string AccountId, IReadOnlyList<ProposalView> Proposals, IReadOnlyList<RejectedCandidate> Rejected)
{
    /// <summary>Proposal streams this run started (denied candidates and a holdout log included); 0 when the account's open decision stood.</summary>
    public int ProposalsWritten { get; init; }

    /// <summary>This run logged a "no action" decision.</summary>
    public bool NoActionLogged { get; init; }

    /// <summary>The account is in the measurement holdout: what was written is a log, not work.</summary>
    public bool Holdout { get; init; }
}

/// <summary>A candidate that was never stored because its payload did not match its schema.</summary>
public sealed record RejectedCandidate(string ActionType, JsonObject Payload, IReadOnlyList<PayloadError> Errors);
