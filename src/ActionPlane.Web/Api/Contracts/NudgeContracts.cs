using System.Text.Json.Nodes;
using ActionPlane.Engine.Nudges;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>A nudge as its user sees it, with "Why am I seeing this?".</summary>
public sealed record NudgeResponse(
    string Id,
    Guid ProposalId,
    string ActionType,
    string Category,
    string Title,
    string Message,
    string Why,
    JsonObject Content,
    DateTimeOffset VisibleFrom,
    DateTimeOffset? ShownAt)
{
    internal static NudgeResponse From(NudgeView n) =>
        new(n.NudgeId, n.ProposalId, n.ActionType, n.Category, n.Title, n.Message, n.Why, n.Content, n.VisibleFrom, n.ShownAt);
}

/// <summary>Body of nudge feedback: <c>{"kind":"not_relevant"}</c>, optionally <c>"scope":"category"|"action"</c> (what to hide).</summary>
public sealed record NudgeFeedbackRequest(string? Kind, string? Scope = null);

/// <summary>A nudge the user marked not relevant that is still hidden: "Hidden for 60 days — undo".</summary>
public sealed record HiddenNudgeResponse(string NudgeId, string Title, string Scope, string Value, DateTimeOffset Until, int DaysLeft);

/// <summary>What the feedback did.</summary>
public sealed record NudgeFeedbackResponse(string NudgeId, string Kind, string Status);
