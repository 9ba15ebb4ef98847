using System.Globalization;
using ActionPlane.Engine.Models;
using Marten;

namespace ActionPlane.Engine.Training;

/// <summary>
/// Closes the loop for churn: retrains the churn model from the product's own log — the labelled
/// decisions that left the account untreated (held out, no action, alternatives not applied, never
/// applied, undone before the outcome), one row per account-decision, labelled churned = not retained,
/// on the features recorded at decision time — with the product's churn training
/// (<see cref="ChurnModel.Train"/>, the options the demo seeder trains with). The log alone: production
/// has no synthetic history to mix in, and the model card says how many rows it saw. With
/// <see cref="ChurnRetrainOptions.Register"/> the model is stored as a challenger in one transaction
/// with the run record; with <see cref="ChurnRetrainOptions.PromoteWhenGatePasses"/> it becomes the
/// champion in that same transaction when <see cref="PromotionGate.Check"/> accepts it, against the
/// champion's ROC-AUC on the challenger's own held-out rows (when the champion can be served). A run that
/// cannot train throws <see cref="RetrainException"/> and stores nothing.
/// </summary>
public sealed class ChurnRetrainer(IDocumentStore store, TimeProvider timeProvider)
{
    /// <summary>The card's limitations line: the log is not a random sample of accounts.</summary>
    internal const string LogLimitation =
        "untreated decisions are a selected sample (accounts the engine or a CSM made a decision for); only the holdout rows are an unbiased one";

    /// <summary>Retrains churn from the log and stores a run record of its own.</summary>
    public Task<RetrainRun> RetrainAsync(ChurnRetrainOptions options, string by, CancellationToken cancellationToken = default) =>
        RetrainAsync(options, by, extending: null, cancellationToken);

    /// <summary>
    /// Retrains churn from the log into a run already stored (the scheduled run's uplift part): the churn
    /// result is added to that record instead of a new one, so one look of the scheduler stays one run.
    /// </summary>
    public Task<RetrainRun> RetrainIntoAsync(RetrainRun run, ChurnRetrainOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RetrainAsync(options, run.By, run, cancellationToken);
    }

    private async Task<RetrainRun> RetrainAsync(ChurnRetrainOptions options, string by, RetrainRun? extending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var labelled = await TrainingExampleQueries.RetentionRowsAsync(store, cancellationToken);
        IReadOnlySet<DecisionKey> treated;
        await using (var session = store.QuerySession())
            treated = await TreatedDecisionsAsync(session, cancellationToken);
        // A snapshot recorded before the feature list grew cannot feed a model on today's features.
        var current = labelled.Where(r => ServableFeatures.HasEveryBuiltFeature(r.Features!)).ToList();
        var older = labelled.Count - current.Count;
        var selection = UntreatedDecisions(current, treated);
        var rows = selection.Rows;
        var churned = rows.Count(r => r.Retained == false);
        var c = CultureInfo.InvariantCulture;
        var counts = string.Create(c,
            $"{rows.Count} untreated labelled account-decisions ({churned} churned, {rows.Count - churned} retained; {selection.TreatedDecisions} treated decisions left out{(older == 0 ? "" : $", {older} rows with an older feature list not counted")})");
        if (rows.Count < options.MinRows)
            throw new RetrainException($"Too few rows to retrain churn: {counts}; a run needs at least {options.MinRows}.");
        if (Math.Min(churned, rows.Count - churned) < ChurnRetrainOptions.MinRowsPerClass)
            throw new RetrainException($"Too few rows of one class to retrain churn: {counts}; each class needs at least {ChurnRetrainOptions.MinRowsPerClass}.");

        var now = timeProvider.GetUtcNow();
        var registry = new ModelRegistry(store);
        var version = await registry.NextVersionAsync(ChurnModelCard.Kind, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        var examples = rows.Select(r => new ChurnExample(r.Features!, Churned: r.Retained == false)).ToList();
        // The product's churn training with the demo seeder's options (the defaults and its seed); reused, not copied.
        var training = new ChurnTrainingOptions { Version = version, Seed = options.Seed };
        var model = ChurnModel.Train(examples, training);
        var window = TrainingExampleQueries.WindowOf(rows);
        var description = string.Create(c,
            $"{rows.Count} untreated decisions from the log, window {window.SignalsFrom:yyyy-MM-dd} to {window.FeaturesAsOf:yyyy-MM-dd} (outcomes until {window.LabelsUntil:yyyy-MM-dd}), churn rate {churned / (double)rows.Count:P0}, features as recorded at decision time; {rows.Count(r => r.Arm == TrainingExample.HoldoutArm)} of them holdout decisions; {selection.TreatedDecisions} treated decisions left out (their label reflects the action, not the risk); no synthetic history.");
        var artifact = ChurnModelCard.ToArtifact(model, examples, window, description, now, LogLimitation);

        var champion = await registry.LoadChampionAsync(ChurnModelCard.Kind, cancellationToken);
        // The champion's own ROC-AUC was measured on another population (the demo's synthetic cohort, or
        // an older log): the gate compares it with the challenger on the challenger's held-out rows instead.
        var onTest = ChampionOnTest(champion, examples, training);
        if (onTest is not null)
            artifact = artifact with
            {
                Metrics = artifact.Metrics.Concat(onTest).ToDictionary(),
                ModelCard = artifact.ModelCard + string.Create(c,
                    $"- Champion {champion!.Version} on the same held-out rows: ROC-AUC {onTest["champion_roc_auc_on_test"]:F3}, Brier {onTest["champion_brier_on_test"]:F3}.\n"),
            };
        var verdict = PromotionGate.Check(model.Metrics, onTest is not null ? new Dictionary<string, double> { ["roc_auc"] = onTest["champion_roc_auc_on_test"] } : champion?.Metrics);
        var promote = options.PromoteWhenGatePasses && verdict is null;
        var result = new ChurnRetrainResult(rows.Count, churned, selection.TreatedDecisions, selection.MergedRows, version.ToString(), options.Register,
            artifact.Metrics, champion?.Version, verdict, promote);

        await using var write = store.LightweightSession();
        if (options.Register)
        {
            if (promote)
                await ModelRegistry.DemoteChampionsAsync(write, ChurnModelCard.Kind, cancellationToken);
            write.Insert(artifact with { IsChampion = promote });
        }
        var run = extending is not null
            ? extending with { Churn = result, Registered = extending.Registered || options.Register }
            : new RetrainRun
            {
                Id = Guid.CreateVersion7(now), At = now, By = by, Registered = options.Register, Trigger = options.Trigger,
                LabelledRows = labelled.Count, OlderFeatureRows = older, Churn = result,
            };
        write.Store(run);
        // One transaction: the challenger, any promotion and the run record, or nothing.
        await write.SaveChangesAsync(cancellationToken);
        return run;
    }

    /// <summary>
    /// The champion's ROC-AUC and Brier on the test part of the same split <see cref="ChurnModel.Train"/>
    /// made; null when there is no champion or it cannot be served (unreadable, or naming a feature this
    /// version does not build), and the gate then falls back to the champion's stored metrics.
    /// </summary>
    private static Dictionary<string, double>? ChampionOnTest(ModelArtifact? champion, IReadOnlyList<ChurnExample> examples, ChurnTrainingOptions training)
    {
        if (champion is null)
            return null;
        ChurnModel model;
        try
        {
            model = ChurnModel.Load(champion.Bytes);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        if (ServableFeatures.WhyNotByName(model.FeatureNames) is not null)
            return null;
        var (_, _, test) = ChurnModel.Split(examples, training);
        var p = model.PredictMany([.. test.Select(e => e.Features)], topDrivers: 0).Select(x => x.Probability).ToList();
        var y = test.Select(e => e.Churned).ToList();
        return new Dictionary<string, double> { ["champion_roc_auc_on_test"] = BinaryMetrics.RocAuc(p, y), ["champion_brier_on_test"] = BinaryMetrics.Brier(p, y) };
    }

    /// <summary>One decision: a propose call logs every candidate of an account with the same time (and a no-action row when it did nothing).</summary>
    internal readonly record struct DecisionKey(string TenantId, string AccountId, DateTimeOffset DecidedAt)
    {
        public static DecisionKey Of(TrainingExample r) => new(r.TenantId, r.AccountId, r.DecidedAt);
    }

    internal sealed record Selection(IReadOnlyList<TrainingExample> Rows, int TreatedDecisions, int MergedRows);

    /// <summary>
    /// One row per labelled account-decision that left the account untreated. Treated decisions are left
    /// out whole: their label reflects the action, not the risk the churn model is to predict (and
    /// counting them would teach it that accounts that were helped were never at risk). A decision
    /// counts as treated when any of its candidates was in effect (<paramref name="treated"/> is read
    /// from every row, labelled or not, so a candidate applied but labelled with another outcome still
    /// marks its decision). Of the candidates of an untreated decision the one with the latest outcome
    /// carries the label (the longest horizon observed); their features are the same snapshot.
    /// </summary>
    internal static Selection UntreatedDecisions(IReadOnlyList<TrainingExample> labelled, IReadOnlySet<DecisionKey> treated)
    {
        var rows = new List<TrainingExample>();
        var treatedDecisions = 0;
        var merged = 0;
        foreach (var decision in labelled.GroupBy(DecisionKey.Of))
        {
            if (treated.Contains(decision.Key) || decision.Any(r => r.Treated))
            {
                treatedDecisions++;
                continue;
            }
            rows.Add(decision.OrderByDescending(r => r.OutcomeAt).ThenBy(r => r.Id).First());
            merged += decision.Count() - 1;
        }
        return new Selection([.. rows.OrderBy(r => r.DecidedAt).ThenBy(r => r.Id)], treatedDecisions, merged);
    }

    /// <summary>Decisions with a candidate in effect: treated at its outcome, or applied and not undone while its outcome is still to come.</summary>
    private static async Task<IReadOnlySet<DecisionKey>> TreatedDecisionsAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var rows = await session.Query<TrainingExample>()
            .Where(r => r.Treated || (r.AppliedAt != null && r.UndoneAt == null && !r.Labelled))
            .Select(r => new TrainingExample { TenantId = r.TenantId, AccountId = r.AccountId, DecidedAt = r.DecidedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(DecisionKey.Of).ToHashSet();
    }
}
