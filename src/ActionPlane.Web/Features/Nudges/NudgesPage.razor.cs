using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace ActionPlane.Web.Features.Nudges;

/// <summary>The end user's in-app nudges, each with "Why am I seeing this?" and "Not relevant".</summary>
public sealed partial class NudgesPage
{
    private IReadOnlyList<NudgeView>? _nudges;
    private IReadOnlyList<HiddenNudgeView> _hidden = [];
    private bool _busy;
    private bool _failed;

    /// <summary>True inside a host app's frame (<c>/embed/nudges</c>): links to the full app open in a new tab.</summary>
    [Parameter]
    public bool Embedded { get; set; }

    [Inject]
    private NudgesService Nudges { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            await LoadAsync(await UserIdAsync());
            _failed = false;
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _failed = true;
        }
    }

    private async Task LoadAsync(string userId)
    {
        _nudges = await Nudges.GetAsync(userId);
        _hidden = await Nudges.GetHiddenAsync(userId);
    }

    private Task NotRelevantAsync(NudgeView nudge) => ChangeAsync(async userId =>
    {
        await Nudges.NotRelevantAsync(nudge.NudgeId, userId);
        await LoadAsync(userId);
        var hidden = _hidden.FirstOrDefault(h => h.NudgeId == nudge.NudgeId);
        Snackbar.Add(hidden is null
            ? $"Thanks. You will see fewer tips about \"{NudgeTopics.Label(nudge.Category)}\"."
            : $"Thanks. Tips about \"{NudgeTopics.Label(nudge.Category)}\" are hidden for {hidden.DaysLeft} days; undo below.", Severity.Info);
    });

    private Task UndoAsync(HiddenNudgeView item) => ChangeAsync(async userId =>
    {
        await Nudges.UndoNotRelevantAsync(item.NudgeId, userId);
        await LoadAsync(userId);
    });

    /// <summary>
    /// Runs one change the person asked for with the buttons disabled; a refusal or a database that did
    /// not answer becomes a message and the page stays as it was.
    /// </summary>
    private async Task ChangeAsync(Func<string, Task> change)
    {
        _busy = true;
        try
        {
            await change(await UserIdAsync());
        }
        catch (LifecycleException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            Snackbar.Add($"That did not go through: {DatabaseFailures.Reason} Try again in a moment.", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<string> UserIdAsync() => (await AuthenticationState).User.ToActor().Id;
}
