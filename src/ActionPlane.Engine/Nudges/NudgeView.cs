using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Nudges;

/// <summary>A nudge as the end user sees it, with the plain-language "Why am I seeing this?".</summary>
public sealed record NudgeView(
    string NudgeId,
    Guid ProposalId,
    string ActionType,
    string Category,
    string Title,
    string Message,
    string Why,
    JsonObject Content,
    DateTimeOffset VisibleFrom,
    DateTimeOffset? ShownAt);
