using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using Marten;

namespace ActionPlane.Engine.Nudges;

/// <summary>
/// Reads and saves the preference center's settings on the <see cref="EndUser"/> document, where
/// the policy input builder picks them up (<c>input.user.opted_out</c>, <c>muted_categories</c>, <c>frequency</c>).
/// </summary>
public sealed class PreferenceService(IDocumentStore store)
{
    /// <summary>The nudge categories a user can mute (the catalog's user-facing categories).</summary>
    public static IReadOnlyList<string> Categories { get; } = ["onboarding", "adoption", "retention", "pricing", "support"];

    public async Task<NudgePreferences> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var user = await LoadAsync(session, userId, cancellationToken);
        return From(user);
    }

    /// <summary>Validates every field first, so bad input changes nothing; then replaces the user's preferences.</summary>
    public async Task<NudgePreferences> SaveAsync(NudgePreferences preferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var muted = Validate(preferences);

        await using var session = store.LightweightSession();
        var user = await LoadAsync(session, preferences.UserId, cancellationToken);
        var updated = user with { MutedCategories = muted, Frequency = preferences.Frequency, OptedOut = preferences.OptedOut };
        session.Store(updated);
        await session.SaveChangesAsync(cancellationToken);
        return From(updated);
    }

    private static string[] Validate(NudgePreferences preferences)
    {
        if (preferences.MutedCategories is null)
            throw new LifecycleException(LifecycleErrorKind.Invalid, "muted_categories: required (send [] to mute nothing).");
        var unknown = preferences.MutedCategories.FirstOrDefault(c => !Categories.Contains(c));
        if (unknown is not null)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"muted_categories: '{unknown}' is not a category; use {string.Join(", ", Categories)}.");
        if (!NudgeFrequency.All.Contains(preferences.Frequency))
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"frequency: '{preferences.Frequency}' is not a choice; use {string.Join(", ", NudgeFrequency.All)}.");
        // Stored in catalog order without duplicates so the document and the policy input are stable.
        return [.. Categories.Where(preferences.MutedCategories.Contains)];
    }

    private static async Task<EndUser> LoadAsync(IQuerySession session, string userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "userId: required.");
        return await session.LoadAsync<EndUser>(userId, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"User '{userId}' does not exist.");
    }

    private static NudgePreferences From(EndUser user) =>
        new(user.Id, user.MutedCategories, string.IsNullOrEmpty(user.Frequency) ? NudgeFrequency.Normal : user.Frequency, user.OptedOut);
}
