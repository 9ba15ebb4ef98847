using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Components;
using ActionPlane.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace ActionPlane.Web.Features.DecisionRuns;

/// <summary>The admin's view of the weekly decision run: start it, watch its progress (polled while it runs), read the last summary.</summary>
public partial class DecisionRunsPage
{
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(1);

    [Inject] private DecisionRunner Runner { get; set; } = default!;
    [Inject] private DecisionRunHost Host { get; set; } = default!;
    [Inject] private DecisionRunSchedule Schedule { get; set; } = default!;
    [Inject] private ActionPlaneEngineOptions Options { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private DecisionRun? _run;
    private bool _loaded;
    private string? _loadError;
    private string? _message;
    private bool _busy;
    private CancellationTokenSource? _polling;

    private string TtlDays => Options.Decisioning.ProposalTtlDays.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private string ScheduleText => Schedule.Enabled
        ? $"It runs every {Schedule.Day} at {Schedule.TimeUtc:HH:mm} UTC."
        : "The schedule is off on this instance (ActionPlane:DecisionRun:Enabled); run it from here or POST /api/decision-runs.";

    private int Percent => _run is { Accounts: > 0 } r ? (int)Math.Round(100.0 * r.Done / r.Accounts) : 0;

    private Color StatusColor => _run?.Status switch
    {
        DecisionRunStatus.Completed => _run.Failed > 0 ? Color.Warning : Color.Success,
        DecisionRunStatus.Running => Color.Info,
        _ => Color.Error,
    };

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (_run?.Status == DecisionRunStatus.Running)
            StartPolling();
    }

    private async Task LoadAsync()
    {
        _loadError = null;
        try
        {
            _run = await Runner.LatestAsync(CancellationToken.None);
            _loaded = true;
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _loadError = DatabaseFailures.Describe("The decision runs", e);
        }
    }

    private async Task StartAsync()
    {
        _busy = true;
        _message = null;
        try
        {
            var me = (await Auth).User.ToActor().Id;
            var run = await Host.TryStartAsync("manual", me);
            if (run is null)
                _message = "Another decision run is in progress (scheduled, someone else's, or on another instance); its progress is shown below.";
            await LoadAsync();
            StartPolling();
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _message = $"The run did not start: {e.Message.TrimEnd('.', ' ')}. Nothing was changed; try again in a moment.";
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Reads the run every second while it is running (its document is saved every few accounts, from whichever instance runs it).</summary>
    private void StartPolling()
    {
        if (_polling is not null)
            return;
        _polling = new CancellationTokenSource();
        var token = _polling.Token;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(s_poll);
            try
            {
                while (await timer.WaitForNextTickAsync(token))
                {
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync();
                        StateHasChanged();
                    });
                    if (_run?.Status != DecisionRunStatus.Running)
                        break;
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _polling = null;
            }
        }, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        _polling?.Cancel();
        return ValueTask.CompletedTask;
    }
}
