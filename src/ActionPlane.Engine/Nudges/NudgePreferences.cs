namespace ActionPlane.Engine.Nudges;

/// <summary>An end user's preference-center settings: muted categories, nudge frequency, full opt-out.</summary>
public sealed record NudgePreferences(string UserId, IReadOnlyList<string> MutedCategories, string Frequency, bool OptedOut);

/// <summary>The frequency choices of the preference center; the Rego bundle maps them to weekly caps.</summary>
public static class NudgeFrequency
{
    public const string Normal = "normal";
    public const string Fewer = "fewer";
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Normal, Fewer, None];
}
