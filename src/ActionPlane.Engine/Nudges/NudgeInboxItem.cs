using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Nudges;

/// <summary>
/// One in-app message in an end user's inbox, put there by an applied action (schedule_nudge,
/// show_checklist, prefill_form, suggest_upgrade_within_policy).
/// </summary>
public sealed record NudgeInboxItem
{
    /// <summary><c>nudge-{proposal id}</c>.</summary>
    public required string Id { get; init; }
    public required Guid ProposalId { get; init; }
    public required string AccountId { get; init; }
    public required string UserId { get; init; }
    public required string ActionType { get; init; }
    public required string Category { get; init; }
    public required string Channel { get; init; }
    public required string Title { get; init; }
    public required string Message { get; init; }
    /// <summary>Plain-language, PII-free answer to "Why am I seeing this?".</summary>
    public required string Why { get; init; }
    /// <summary>Type-specific content (checklist items, prefilled fields, target plan).</summary>
    public required JsonObject Content { get; init; }
    public required DateTimeOffset VisibleFrom { get; init; }
    public NudgeStatus Status { get; init; } = NudgeStatus.Active;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ShownAt { get; init; }
    public DateTimeOffset? DismissedAt { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }
}

/// <summary>Active until the user dismisses it or an undo withdraws it.</summary>
public enum NudgeStatus { Active, Dismissed, Withdrawn }
