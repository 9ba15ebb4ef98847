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
/// champion in that same transaction when <see cref="PromotionGate.Check"/> accepts it. A run that
/// cannot train throws <see cref="RetrainException"/> and stores nothing.
/// </summary>
public sealed class ChurnRetrainer(IDocumentStore store, TimeProvider timeProvider)
{
    /// <summary>The card's limitations line: the log is not a random sample of accounts.</summary>
    internal const string LogLimitation =
        "untreated decisions are a selected sample (accounts the engine or a CSM made a decision for); only the holdout rows are an unbiased one";

    /// <param name="extending">
    /// A run already stored (the scheduled run's uplift part): the churn result is added to that record
    /// instead of a new one, so one look of the scheduler stays one run.
    /// </param>
    public async Task<RetrainRun> RetrainAsync(ChurnRetrainOptions options, string by, CancellationToken cancellationToken = default, RetrainRun? extending = null)
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
        var model = ChurnModel.Train(examples, new ChurnTrainingOptions { Version = version, Seed = options.Seed });
        var window = TrainingExampleQueries.WindowOf(rows);
        var description = string.Create(c,
            $"{rows.Count} untreated decisions from the log, window {window.SignalsFrom:yyyy-MM-dd} to {window.FeaturesAsOf:yyyy-MM-dd} (outcomes until {window.LabelsUntil:yyyy-MM-dd}), churn rate {churned / (double)rows.Count:P0}, features as recorded at decision time; {rows.Count(r => r.Arm == TrainingExample.HoldoutArm)} of them holdout decisions; {selection.TreatedDecisions} treated decisions left out (their label reflects the action, not the risk); no synthetic history.");
        var artifact = ChurnModelCard.ToArtifact(model, examples, window, description, now, LogLimitation);

        var champion = await registry.LoadChampionAsync(ChurnModelCard.Kind, cancellationToken);
        var verdict = PromotionGate.Check(model.Metrics, champion?.Metrics);
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
