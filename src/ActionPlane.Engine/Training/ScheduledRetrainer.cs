using System.Globalization;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using Marten;

namespace ActionPlane.Engine.Training;

/// <summary>What one look of the scheduled loop found and did.</summary>
/// <param name="Status"><c>retrained</c>, <c>not_due</c>, <c>busy</c> (another run holds the lock) or <c>failed</c> (too few rows per arm; nothing stored).</param>
/// <param name="Trigger">The trigger of the run (<see cref="RetrainTriggers"/>), null when nothing ran.</param>
/// <param name="AucDrop">Training minus recent ROC-AUC of the churn champion when the AUC trigger was checked.</param>
public sealed record ScheduledRetrainOutcome(string Status, string? Trigger, int NewExamples, double? CalibrationDrift, RetrainRun? Run, string Message, double? AucDrop = null)
{
    public const string Retrained = "retrained";
    public const string NotDue = "not_due";
    public const string Busy = "busy";
    public const string Failed = "failed";
}

/// <summary>
/// The scheduled half of the feedback loop. Under the <see cref="RetrainLock"/> (so two app instances
/// never both retrain), a run is due when at least <see cref="ScheduledRetrainOptions.MinNewExamples"/>
/// labelled examples arrived since the last run and either <see cref="ScheduledRetrainOptions.Interval"/>
/// has passed since it or the churn champion's calibration drifted past
/// <see cref="ScheduledRetrainOptions.CalibrationDriftTrigger"/> or its recent ROC-AUC fell more than
/// <see cref="ScheduledRetrainOptions.AucDropTrigger"/> below training. The run registers every challenger and
/// promotes those the promotion gate accepts, in one transaction with its <see cref="RetrainRun"/>;
/// a failed run stores nothing. When the trigger is a churn trigger (<see cref="RetrainTriggers.IsChurnTrigger"/>)
/// it then retrains churn from the log too (<see cref="ChurnRetrainer"/>), into the same run record.
/// </summary>
public sealed class ScheduledRetrainer(IDocumentStore store, UpliftRetrainer retrainer, ChurnRetrainer churnRetrainer, DriftAnalyzer drift, TimeProvider time)
{
    public const string Actor = "system:retrain-scheduler";

    public async Task<ScheduledRetrainOutcome> RunOnceAsync(ScheduledRetrainOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await using var held = await RetrainLock.TryAcquireAsync(store, cancellationToken);
        if (held is null)
            return new ScheduledRetrainOutcome(ScheduledRetrainOutcome.Busy, null, 0, null, null, "Another retraining run holds the lock; this instance leaves it to that one.");

        RetrainRun? last;
        int labelled;
        await using (var session = store.QuerySession())
        {
            last = await TrainingExampleQueries.LatestRunAsync(session, cancellationToken);
            labelled = await TrainingExampleQueries.RetentionRowCountAsync(session, cancellationToken);
        }
        var c = CultureInfo.InvariantCulture;
        var fresh = labelled - (last?.LabelledRows ?? 0);
        var since = last is null ? "ever" : string.Create(c, $"the last run ({last.At:u})");
        if (fresh < options.MinNewExamples)
            return new ScheduledRetrainOutcome(ScheduledRetrainOutcome.NotDue, null, fresh, null, null,
                string.Create(c, $"{fresh} new labelled examples since {since}; a run needs {options.MinNewExamples}."));

        var now = time.GetUtcNow();
        double? calibrationDrift = null;
        double? aucDrop = null;
        string trigger;
        if (last is null || now - last.At >= options.Interval)
            trigger = RetrainTriggers.Scheduled;
        else
        {
            // One drift analysis of the churn champion serves both early triggers: calibration first, then discrimination.
            var champion = options.CalibrationDriftTrigger > 0 || options.AucDropTrigger > 0 ? await ChurnChampionDriftAsync(cancellationToken) : null;
            calibrationDrift = options.CalibrationDriftTrigger > 0 ? champion?.EceChange : null;
            aucDrop = options.AucDropTrigger > 0 ? champion?.AucDrop : null;
            if (calibrationDrift > options.CalibrationDriftTrigger)
                trigger = RetrainTriggers.CalibrationDrift;
            else if (aucDrop > options.AucDropTrigger)
                trigger = RetrainTriggers.AucDrop;
            else
                return new ScheduledRetrainOutcome(ScheduledRetrainOutcome.NotDue, null, fresh, calibrationDrift, null,
                    string.Create(c, $"{fresh} new labelled examples, but the last run was {(now - last.At).TotalDays:0.#} days ago (interval {options.Interval.TotalDays:0.#} days), the churn calibration drift is {Points(calibrationDrift)} and the churn AUC drop is {AucPoints(aucDrop)}."),
                    aucDrop);
        }

        try
        {
            var run = await retrainer.RetrainAsync(new UpliftRetrainOptions
            {
                MinRowsPerArm = options.MinRowsPerArm, Register = true, PromoteWhenGatePasses = true, Trigger = trigger,
            }, Actor, cancellationToken);
            var summary = string.Join("; ", run.Results.Select(r => r.Version is null ? $"{r.ActionType} skipped"
                : r.Promoted ? $"{r.ActionType} → {r.Version} (promoted)" : $"{r.ActionType} → {r.Version} (challenger: {r.PromotionVerdict})"));
            var churnNote = "";
            if (RetrainTriggers.IsChurnTrigger(trigger))
                (run, churnNote) = await RetrainChurnAsync(run, options, cancellationToken);
            return new ScheduledRetrainOutcome(ScheduledRetrainOutcome.Retrained, trigger, fresh, calibrationDrift, run,
                string.Create(c, $"Retrained uplift ({trigger}) on {run.LabelledRows} labelled examples, {fresh} new: {summary}.{churnNote}"), aucDrop);
        }
        catch (RetrainException e)
        {
            return new ScheduledRetrainOutcome(ScheduledRetrainOutcome.Failed, trigger, fresh, calibrationDrift, null, e.Message + " The model registry is unchanged.", aucDrop);
        }
    }

    /// <summary>
    /// The trigger says the churn model went wrong: retrain churn from the log too, added to the same run
    /// record and promoted through the gate. Too few untreated rows leave the churn model and the record as they are.
    /// </summary>
    private async Task<(RetrainRun Run, string Note)> RetrainChurnAsync(RetrainRun run, ScheduledRetrainOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var withChurn = await churnRetrainer.RetrainIntoAsync(run, new ChurnRetrainOptions
            {
                MinRows = options.MinChurnRows, Register = true, PromoteWhenGatePasses = true, Trigger = run.Trigger,
            }, cancellationToken);
            var r = withChurn.Churn!;
            return (withChurn, string.Create(CultureInfo.InvariantCulture, $" Churn → {r.Version} on {r.Rows} untreated decisions ({(r.Promoted ? "promoted" : $"challenger: {r.PromotionVerdict}")})."));
        }
        catch (RetrainException e)
        {
            return (run, $" Churn not retrained: {e.Message}");
        }
    }

    /// <summary>The churn champion's drift report (ECE change, AUC drop); null without a champion.</summary>
    private async Task<DriftReport?> ChurnChampionDriftAsync(CancellationToken cancellationToken)
    {
        var champion = await new ModelRegistry(store).LoadChampionAsync(ChurnModelCard.Kind, cancellationToken);
        return champion is null ? null : await drift.AnalyzeAsync(champion.Version, cancellationToken);
    }

    private static string Points(double? drift) =>
        drift is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d * 100:+0.0;-0.0} points") : "unknown";

    private static string AucPoints(double? drop) =>
        drop is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d:+0.000;-0.000}") : "unknown";
}
