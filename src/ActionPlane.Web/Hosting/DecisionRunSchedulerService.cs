using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Hosting.Preparation;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Starts the weekly decision run at its scheduled moment (<see cref="DecisionRunSchedule"/>), and at start-up when
/// this week's moment has passed without a run (the instance was down), so a missed week is caught up. Off unless
/// <c>ActionPlane:DecisionRun:Enabled</c>. On shutdown it waits for the run in flight to record its summary.
/// </summary>
public sealed class DecisionRunSchedulerService(DecisionRunHost host, DecisionRunner runner, DecisionRunSchedule schedule, TimeProvider time,
    DemoPreparation preparation, ILogger<DecisionRunSchedulerService> logger) : BackgroundService
{
    public const string SystemActor = "system:decision-run";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!schedule.Enabled)
            return;
        // Nothing acts on the tenant before the demo is prepared (its replay runs on its own clock and must not interleave).
        await preparation.WaitUntilReadyAsync(stoppingToken);
        logger.LogInformation("Weekly decision run: every {Day} at {Time} UTC.", schedule.Day, schedule.TimeUtc);
        var now = time.GetUtcNow();
        var latest = await runner.LatestAsync(stoppingToken);
        if (latest is null || latest.StartedAt < schedule.LastAtOrBefore(now))
            await StartAsync("scheduled (catch-up)", stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.NextAfter(time.GetUtcNow());
            await Task.Delay(next - time.GetUtcNow(), time, stoppingToken);
            await StartAsync("scheduled", stoppingToken);
        }
    }

    private async Task StartAsync(string trigger, CancellationToken stoppingToken)
    {
        try
        {
            if (await host.TryStartAsync(trigger, SystemActor, cancellationToken: stoppingToken) is null)
                logger.LogInformation("Weekly decision run not started: another run is in progress (here or on another instance).");
            await host.Current.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Weekly decision run could not start; the next scheduled moment tries again.");
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // ApplicationStopping has cancelled the run between two accounts; let it save what it did.
        try
        {
            await host.Current.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
