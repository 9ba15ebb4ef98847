namespace ActionPlane.Engine.Domain;

/// <summary>A person using the customer's SaaS product; the audience of in-app nudges.</summary>
public sealed record EndUser
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Email { get; init; }
    public required string Name { get; init; }
    /// <summary>admin | member</summary>
    public required string Role { get; init; }
    /// <summary>Opted out of personalisation entirely (preference center).</summary>
    public bool OptedOut { get; init; }
    /// <summary>Nudge categories this user muted (onboarding, adoption, retention, pricing, support).</summary>
    public IReadOnlyList<string> MutedCategories { get; init; } = [];
    /// <summary>How often the user wants nudges: normal | fewer | none (see <c>NudgeFrequency</c>).</summary>
    public string Frequency { get; init; } = "normal";
}
