namespace ActionPlane.Engine.Nudges;

/// <summary>
/// Categories a user marked "not relevant" (keyed by user id). Fed into the policy input as
/// <c>history.suppressed_categories</c>, separate from the preference center's muted categories.
/// </summary>
public sealed record NudgeSuppression(string Id, string AccountId, IReadOnlyList<string> Categories, DateTimeOffset UpdatedAt);
