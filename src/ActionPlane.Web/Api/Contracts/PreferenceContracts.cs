using ActionPlane.Engine.Nudges;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>A user's preference-center settings; frequency is normal | fewer | none.</summary>
public sealed record PreferencesResponse(string UserId, IReadOnlyList<string> MutedCategories, string Frequency, bool OptedOut, IReadOnlyList<string> Categories)
{
    internal static PreferencesResponse From(NudgePreferences p) =>
        new(p.UserId, p.MutedCategories, p.Frequency, p.OptedOut, PreferenceService.Categories);
}

/// <summary>Body of <c>PUT /api/users/{userId}/preferences</c>; every field is required.</summary>
public sealed record PreferencesRequest(IReadOnlyList<string>? MutedCategories, string? Frequency, bool? OptedOut);
