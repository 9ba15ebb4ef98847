using ActionPlane.Engine.Nudges;
using Microsoft.AspNetCore.Components;

namespace ActionPlane.Web.Features.Preferences;

/// <summary>Edits a copy of the user's preferences and hands the result to <see cref="OnSave"/>.</summary>
public sealed partial class PreferencesForm
{
    private readonly HashSet<string> _muted = new(StringComparer.Ordinal);
    private string _frequency = NudgeFrequency.Normal;
    private bool _optedOut;
    private NudgePreferences? _shown;

    /// <summary>The saved preferences; null while loading.</summary>
    [Parameter]
    public NudgePreferences? Value { get; set; }

    [Parameter]
    public string? Error { get; set; }

    [Parameter]
    public bool Saving { get; set; }

    [Parameter]
    public DateTimeOffset? SavedAt { get; set; }

    [Parameter]
    public EventCallback<NudgePreferences> OnSave { get; set; }

    /// <summary>What the user hid with "Not relevant" (from the Tips page), shown beside the topic it hides.</summary>
    [Parameter]
    public IReadOnlyList<HiddenNudgeView> Hidden { get; set; } = [];

    private HiddenNudgeView? HiddenUntil(string category) =>
        Hidden.Where(h => h.Scope == SuppressionEntry.CategoryScope && h.Value == category).MaxBy(h => h.Until);

    protected override void OnParametersSet()
    {
        // Reset the edit copy only when a different saved value arrives, so re-renders keep the user's edits.
        if (Value is null || ReferenceEquals(Value, _shown))
            return;
        _shown = Value;
        _muted.Clear();
        _muted.UnionWith(Value.MutedCategories);
        _frequency = Value.Frequency;
        _optedOut = Value.OptedOut;
    }

    private void Toggle(string category, bool on)
    {
        if (on)
            _muted.Remove(category);
        else
            _muted.Add(category);
    }

    private Task SaveAsync() =>
        OnSave.InvokeAsync(new NudgePreferences(Value!.UserId, [.. PreferenceService.Categories.Where(_muted.Contains)], _frequency, _optedOut));
}
