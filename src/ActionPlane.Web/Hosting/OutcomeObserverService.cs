using ActionPlane.Engine.Outcomes;
using ActionPlane.Web.Hosting.Preparation;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Runs the <see cref="OutcomeObserver"/> on a timer (<c>ActionPlane:Outcomes:ObserveEveryMinutes</c>,
/// default 60; 0 turns it off), so due outcomes are recorded without anyone asking.
/// </summary>
public sealed class OutcomeObserverService(OutcomeObserver observer, IConfiguration configuration, ILogger<OutcomeObserverService> logger, TimeProvider time,
    DemoPreparation preparation)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("ActionPlane:Outcomes:ObserveEveryMinutes", 60.0);
        if (minutes <= 0)
            return;
        // Nothing acts on the tenant before the demo is prepared (its replay runs on its own clock and must not interleave).
        await preparation.WaitUntilReadyAsync(stoppingToken);
        // The first round at once; a failed round is retried at the next tick, outcomes already saved stay saved.
        await PeriodicRounds.RunAsync(TimeSpan.FromMinutes(minutes), time, firstAtStart: true, async ct =>
            {
                var recorded = await observer.ObserveDueAsync(ct);
                if (recorded > 0)
                    logger.LogInformation("Outcome observer recorded {Count} outcomes at their horizon.", recorded);
            },
            e => logger.LogWarning(e, "Outcome observer round failed; retrying at the next tick."), stoppingToken);
    }
}
