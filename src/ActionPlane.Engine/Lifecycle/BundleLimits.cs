using System.Text.Json.Nodes;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// The bundle's <c>data.actionplane.limits</c> (policies/data.json) as the Engine needs them, read
/// through the policy engine (so an OPA server's bundle counts too) and cached per revision: the
/// C# side never keeps its own copy of a limit the policy owns.
/// </summary>
public sealed class BundleLimits(IPolicyEngine engine)
{
    private (string Revision, JsonObject Limits)? _cached;

    public async ValueTask<JsonObject> GetAsync(CancellationToken cancellationToken)
    {
        var revision = engine.Revision;
        if (_cached is { } cached && cached.Revision == revision)
            return cached.Limits;
        var limits = await engine.EvaluateAsync("actionplane/limits", [], cancellationToken) as JsonObject ?? [];
        _cached = (revision, limits);
        return limits;
    }

    /// <summary><c>limits.message_types</c>: the action types that count as messages across channels.</summary>
    public async ValueTask<IReadOnlySet<string>> MessageTypesAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken))["message_types"] is JsonArray types
            ? types.Select(t => t?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    /// <summary><c>limits.suppression_days</c>: how long "not relevant" hides an action or category (60 when unset).</summary>
    public async ValueTask<int> SuppressionDaysAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken))["suppression_days"] is JsonValue v && v.TryGetValue<int>(out var days) && days > 0 ? days : 60;

    /// <summary><c>limits.autonomy.window_days</c>: the window the autonomy rule's rates are measured over (30 when unset).</summary>
    public async ValueTask<int> AutonomyWindowDaysAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken))["autonomy"]?["window_days"] is JsonValue v && v.TryGetValue<int>(out var days) && days > 0 ? days : 30;

    /// <summary><c>limits.autonomy.levels[type]</c>: the highest autonomy level configured for an action type.</summary>
    public async ValueTask<string> ConfiguredAutonomyAsync(string actionType, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken))["autonomy"]?["levels"]?[actionType] is JsonValue v && v.TryGetValue<string>(out var level) ? level : "suggest";
}
