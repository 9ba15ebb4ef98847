namespace ActionPlane.Engine.Nudges;

/// <summary>
/// What a user marked "not relevant" (keyed by user id): each entry hides an action type or a
/// category until its end. Fed into the policy input as <c>history.suppressions</c> (unexpired
/// entries only), separate from the preference center's muted categories.
/// </summary>
public sealed record NudgeSuppression(string Id, string AccountId, IReadOnlyList<SuppressionEntry> Entries, DateTimeOffset UpdatedAt)
{
    public IEnumerable<SuppressionEntry> ActiveAt(DateTimeOffset now) => (Entries ?? []).Where(e => e.Until > now);
}

/// <summary>One suppression: <see cref="Scope"/> is <c>action</c> (value = action type) or <c>category</c>; set by dismissing <see cref="NudgeId"/>.</summary>
public sealed record SuppressionEntry(string Scope, string Value, DateTimeOffset Until, string NudgeId, Guid ProposalId, DateTimeOffset At)
{
    public const string ActionScope = "action";
    public const string CategoryScope = "category";
}
