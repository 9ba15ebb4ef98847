using ActionPlane.Engine.Autopilot;
using ActionPlane.Web.Hosting.Preparation;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Runs the <see cref="UnattendedRunner"/> every <see cref="AutopilotSettings.Interval"/> when
/// <c>ActionPlane:Autopilot:Enabled</c>, so what the policy granted "unattended" is applied without
/// anyone asking, and logs each run's summary.
/// </summary>
public sealed class AutopilotService(UnattendedRunner runner, AutopilotSettings settings, ILogger<AutopilotService> logger, TimeProvider time,
    DemoPreparation preparation)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
            return;
        // Nothing acts on the tenant before the demo is prepared (its replay runs on its own clock and must not interleave).
        await preparation.WaitUntilReadyAsync(stoppingToken);
        logger.LogInformation("Autopilot: applying proposals granted 'unattended' every {Interval}, at most {Max} per run.", settings.Interval, settings.MaxAppliesPerRun);
        // The first run waits one period: right after start the CSMs get the first look at the fresh proposals.
        // Each apply commits whole or not at all: after a failed run what was applied stays applied and the next run goes on.
        await PeriodicRounds.RunAsync(settings.Interval, time, firstAtStart: false,
            async ct => Log(logger, await runner.RunAsync(settings.MaxAppliesPerRun, ct)),
            e => logger.LogWarning(e, "Autopilot run failed; the next run retries."), stoppingToken);
    }

    /// <summary>Information when the run did something, debug when there was nothing to do; warning when applies failed.</summary>
    public static void Log(ILogger logger, AutopilotRunSummary summary)
    {
        var level = summary.Failed > 0 ? LogLevel.Warning : summary.Considered > 0 ? LogLevel.Information : LogLevel.Debug;
        logger.Log(level, "Autopilot run: {Summary}", summary.ToString());
    }
}
