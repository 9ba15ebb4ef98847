using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ActionPlane.Web.Features.Preferences;

/// <summary>The end user's preference center: topics, frequency and a full opt-out, honoured by the policy gate.</summary>
public sealed partial class PreferencesPage
{
    private NudgePreferences? _preferences;
    private string? _error;
    private bool _saving;
    private bool _loadFailed;
    private DateTimeOffset? _savedAt;
    private IReadOnlyList<HiddenNudgeView> _hidden = [];

    [Inject]
    private PreferenceService Preferences { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ActionPlane.Web.Features.Nudges.NudgesService Nudges { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            var userId = (await AuthenticationState).User.ToActor().Id;
            _preferences = await Preferences.GetAsync(userId);
            _hidden = await Nudges.GetHiddenAsync(userId);
            _loadFailed = false;
        }
        catch (LifecycleException e)
        {
            _error = e.Message;
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _loadFailed = true;
        }
    }

    private async Task SaveAsync(NudgePreferences changed)
    {
        _saving = true;
        _error = null;
        try
        {
            // The user id comes from the sign-in, never from the form.
            var userId = (await AuthenticationState).User.ToActor().Id;
            _preferences = await Preferences.SaveAsync(changed with { UserId = userId });
            _savedAt = Clock.GetLocalNow();
        }
        catch (LifecycleException e)
        {
            _error = e.Message;
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            // The form keeps the person's edits, so saving again is one click.
            _error = $"Your preferences were not saved: {DatabaseFailures.Reason} Try saving again in a moment.";
        }
        finally
        {
            _saving = false;
        }
    }
}
