using ActionPlane.Engine.Training;
using ActionPlane.Web.Hosting.Preparation;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Closes the loop without anyone asking: every <see cref="ScheduledRetrainOptions.CheckEvery"/> it asks
/// the <see cref="ScheduledRetrainer"/> whether a retraining run is due and lets it run one (under the
/// cross-instance lock), logging what it found. Off unless <c>ActionPlane:Retraining:Enabled</c>.
/// </summary>
public sealed class RetrainSchedulerService(ScheduledRetrainer retrainer, ScheduledRetrainOptions options, ILogger<RetrainSchedulerService> logger, TimeProvider time,
    DemoPreparation preparation)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
            return;
        // Nothing acts on the tenant before the demo is prepared (its replay runs on its own clock and must not interleave).
        await preparation.WaitUntilReadyAsync(stoppingToken);
        logger.LogInformation("Scheduled uplift retraining: looking every {CheckEvery}, a run every {IntervalDays} days with at least {MinNewExamples} new labelled examples (earlier on churn calibration drift over {Drift} or a churn AUC drop over {AucDrop}).",
            options.CheckEvery, options.Interval.TotalDays, options.MinNewExamples, options.CalibrationDriftTrigger, options.AucDropTrigger);
        // The first look waits one period: a run is weekly anyway, and the start has just trained and scored.
        // A failed run stores nothing; the next look tries again.
        await PeriodicRounds.RunAsync(options.CheckEvery, time, firstAtStart: false, async ct =>
            {
                var outcome = await retrainer.RunOnceAsync(options, ct);
                var level = outcome.Status switch
                {
                    ScheduledRetrainOutcome.Retrained => LogLevel.Information,
                    ScheduledRetrainOutcome.Failed => LogLevel.Warning,
                    _ => LogLevel.Debug,
                };
                logger.Log(level, "Scheduled uplift retraining {Status}: {Message}", outcome.Status, outcome.Message);
            },
            e => logger.LogWarning(e, "Scheduled uplift retraining failed; the registry is unchanged and the next look retries."), stoppingToken);
    }
}
