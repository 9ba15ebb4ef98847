using System.Globalization;
using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Uplift;
using Marten;

namespace ActionPlane.Engine.Training;

/// <summary>
/// Closes the loop: retrains the uplift model of each action type from the product's own logged
/// decisions and their observed outcomes (<see cref="TrainingExample"/> rows with a retention label),
/// on the features recorded at decision time. Treated rows are the decisions of the action that were
/// in effect; control rows are the same action's decisions that were not (held out, not chosen, never
/// applied, undone) and the engine's decisions to do nothing that weighed the action. The learner
/// behind <see cref="UpliftTrainer"/> receives each row's propensity of treatment (see
/// <see cref="TreatmentPropensities"/>), which its X- and DR-learners weight by inversely; the
/// challenger and the current champion are then compared off-policy (IPS and SNIPS) on the held-out
/// logged rows. With <see cref="UpliftRetrainOptions.Register"/> every trained model is stored as a
/// challenger in one transaction, together with the run record; with
/// <see cref="UpliftRetrainOptions.PromoteWhenGatePasses"/> a challenger the promotion gate accepts
/// becomes champion in that same transaction. Nothing is stored when nothing trained.
/// </summary>
public sealed class UpliftRetrainer(IDocumentStore store, TimeProvider timeProvider)
{
    public async Task<RetrainRun> RetrainAsync(UpliftRetrainOptions options, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var labelled = await TrainingExampleQueries.RetentionRowsAsync(store, cancellationToken);
        // A snapshot recorded before the feature list grew cannot feed a model on today's features.
        var rows = labelled.Where(r => ServableFeatures.HasEveryBuiltFeature(r.Features!)).ToList();
        var older = labelled.Count - rows.Count;
        // "No action" is never a treatment: its rows are control rows of the actions it weighed.
        var types = options.ActionTypes.Count > 0 ? options.ActionTypes
            : [.. rows.Select(r => r.ActionType).Where(t => t != TrainingExample.NoActionType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (types.Count == 0)
            throw new RetrainException(older == 0
                ? "No labelled decisions to learn from: no logged decision has a retained/churned outcome with its decision-time features yet."
                : $"No labelled decisions to learn from: all {older} labelled rows were recorded with an older feature list than this version builds.");

        var registry = new ModelRegistry(store);
        var now = timeProvider.GetUtcNow();
        var results = new List<UpliftRetrainResult>();
        var artifacts = new List<ModelArtifact>();
        foreach (var type in types)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mine = RowsOf(type, rows);
            var treated = mine.Count(r => r.Treated);
            var control = mine.Count - treated;
            if (treated < options.MinRowsPerArm || control < options.MinRowsPerArm)
            {
                results.Add(new UpliftRetrainResult(type, treated, control, null, false, new Dictionary<string, double>(), null, null, string.Create(CultureInfo.InvariantCulture,
                    $"{type}: {treated} treated and {control} control labelled rows; each arm needs at least {options.MinRowsPerArm}{(treated < options.MinRowsPerArm ? " (the treated arm is short)" : " (the control arm is short)")}{OlderNote(older)}.")));
                continue;
            }
            var champion = await registry.LoadChampionAsync(UpliftModelCard.KindOf(type), cancellationToken);
            var version = await registry.NextVersionAsync(UpliftModelCard.KindOf(type), DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
            // Several challengers of one kind in one run cannot happen (one per type), so the next free version stays free until the save.
            var (artifact, result) = Train(type, mine, version, champion, options, now);
            artifacts.Add(artifact);
            results.Add(result);
        }

        // Named action types are a request: one that cannot be trained fails the run as a whole.
        if (options.ActionTypes.Count > 0 && results.Any(r => r.SkippedBecause is not null))
            throw new RetrainException("Too few labelled rows: " + string.Join(" ", results.Where(r => r.SkippedBecause is not null).Select(r => r.SkippedBecause)));
        if (artifacts.Count == 0)
            throw new RetrainException("No action type has enough labelled rows to retrain: " + string.Join(" ", results.Select(r => r.SkippedBecause)));

        await using var session = store.LightweightSession();
        if (options.Register)
            foreach (var artifact in artifacts)
            {
                var promote = options.PromoteWhenGatePasses && results.Single(r => r.Version == artifact.Version).PromotionVerdict is null;
                if (promote)
                    await ModelRegistry.DemoteChampionsAsync(session, artifact.Kind, cancellationToken);
                session.Insert(artifact with { IsChampion = promote });
            }
        if (options.PromoteWhenGatePasses)
            results = [.. results.Select(r => r.Version is not null && r.PromotionVerdict is null ? r with { Promoted = true } : r)];
        var run = new RetrainRun
        {
            Id = Guid.CreateVersion7(now), At = now, By = by, Registered = options.Register, Trigger = options.Trigger, LabelledRows = labelled.Count, OlderFeatureRows = older, Results = results,
        };
        session.Store(run);
        // One transaction: all challengers, any promotion and the run record, or nothing.
        await session.SaveChangesAsync(cancellationToken);
        return run;
    }

    private static (ModelArtifact Artifact, UpliftRetrainResult Result) Train(string type, List<TrainingExample> rows, ModelVersion version,
        ModelArtifact? champion, UpliftRetrainOptions options, DateTimeOffset now)
    {
        var x = rows.Select(r => FeatureBuilder.ToVector(r.Features!)).ToArray();
        var treated = rows.Select(r => r.Treated).ToArray();
        var retained = rows.Select(r => r.Retained!.Value).ToArray();
        var propensity = TreatmentPropensities(rows);
        var result = UpliftTrainer.Run(x, treated, retained, propensity, options.TestFraction, options.Seed);

        var metrics = new Dictionary<string, double>
        {
            ["qini_auc"] = result.QiniAuc,
            ["uplift_auc"] = result.UpliftAuc,
            ["uplift_at_30"] = result.UpliftAt30,
            ["n_train"] = result.TrainCount,
            ["n_test"] = result.TestCount,
            ["n_treated"] = treated.Count(t => t),
            ["n_control"] = treated.Count(t => !t),
            ["logged_propensity_rows"] = rows.Count(HasLoggedPropensity),
            ["n_no_action_control"] = rows.Count(r => r.ActionType == TrainingExample.NoActionType),
        };
        var test = result.TestRows.ToArray();
        var logs = test.Select(i => new LoggedDecision<int>(i, treated[i] ? type : null,
            treated[i] ? Clip(propensity[i]) : 1 - Clip(propensity[i]), retained[i] ? 1 : 0)).ToList();
        metrics["ope_logged_retention"] = logs.Average(l => l.Reward);
        var challengerUplift = test.Select((row, j) => (row, result.TestUplift[j])).ToDictionary(p => p.row, p => p.Item2);
        AddOffPolicy(metrics, "challenger", logs, type, challengerUplift);

        string? championVersion = null;
        if (champion is not null && TryLoad(champion) is { } championModel && championModel.FeatureNames.SequenceEqual(FeatureBuilder.FeatureNames))
        {
            championVersion = champion.Version;
            var championUplift = test.ToDictionary(i => i, i => championModel.Predict(x[i]).Uplift);
            AddOffPolicy(metrics, "champion", logs, type, championUplift);
            metrics["champion_qini_auc_on_test"] = UpliftMetrics.QiniAuc(test.Select(i => retained[i]).ToArray(), test.Select(i => championUplift[i]).ToArray(),
                test.Select(i => treated[i]).ToArray());
        }

        var model = new UpliftModel(type, version, result.Learner, FeatureBuilder.FeatureNames, result.Ensemble, metrics);
        var window = TrainingExampleQueries.WindowOf(rows);
        var c = CultureInfo.InvariantCulture;
        var description = string.Create(c,
            $"{rows.Count} logged {type} decisions with observed retention ({metrics["n_treated"]} treated, {metrics["n_control"]} control), features as recorded at decision time, {metrics["n_no_action_control"]} of the control rows decisions to do nothing, {metrics["logged_propensity_rows"]} rows with a logged propensity (the rest: the treated share).");
        var artifact = UpliftModelCard.ToArtifact(model, UpliftModelCard.HashOf(x, treated, retained), rows.Count, window, description, now);
        artifact = artifact with { ModelCard = artifact.ModelCard + OffPolicyCard(metrics, championVersion) };
        var verdict = PromotionGate.CheckUplift(artifact.Metrics, champion?.Metrics);
        return (artifact, new UpliftRetrainResult(type, (int)metrics["n_treated"], (int)metrics["n_control"], version.ToString(), options.Register,
            artifact.Metrics, championVersion, verdict, null));
    }

    /// <summary>
    /// The rows of one action type, one per decision: its own rows, plus the decisions to do nothing
    /// that weighed it. A call that decided to do nothing also logged the action as an unchosen
    /// alternative at the same moment; that row is replaced by the no-action row (which carries the
    /// logged propensity). When a person applied the alternative anyway, the subject was treated and the
    /// no-action row is left out instead.
    /// </summary>
    internal static List<TrainingExample> RowsOf(string type, IReadOnlyList<TrainingExample> rows)
    {
        var own = rows.Where(r => r.ActionType == type).ToList();
        var treatedDecisions = own.Where(r => r.Treated).Select(r => (r.AccountId, r.DecidedAt)).ToHashSet();
        var noAction = rows.Where(r => r.IsNoActionControlFor(type) && !treatedDecisions.Contains((r.AccountId, r.DecidedAt))).ToList();
        var replaced = noAction.Select(r => (r.AccountId, r.DecidedAt)).ToHashSet();
        return [.. own.Where(r => r.Treated || !replaced.Contains((r.AccountId, r.DecidedAt))).Concat(noAction).OrderBy(r => r.DecidedAt).ThenBy(r => r.Id)];
    }

    /// <summary>
    /// P(treated) per row as logged: the engine's propensity for a decision it made for this action
    /// (exploit or explore and chosen). A decision to do nothing logged P(no action) = p; it enters as
    /// P(treated) = 1 − p, so the learners' control weight 1 / (1 − P(treated)) is 1 / p, the inverse of
    /// the logged probability of what was done — the same weight the action's own rows get for theirs.
    /// A row without a logged propensity (a person's choice, an alternative the engine did not pick, a
    /// holdout) gets the action's treated share, as if randomised.
    /// </summary>
    internal static double[] TreatmentPropensities(IReadOnlyList<TrainingExample> rows)
    {
        var share = rows.Count(r => r.Treated) / (double)rows.Count;
        return [.. rows.Select(r => !HasLoggedPropensity(r) ? share : r.ActionType == TrainingExample.NoActionType ? 1 - r.Propensity!.Value : r.Propensity!.Value)];
    }

    private static bool HasLoggedPropensity(TrainingExample r) =>
        r.Chosen && r.Arm is "exploit" or "explore" && r.Propensity is > 0 and <= 1;

    // The learners clip propensities the same way; IPS weights above 20 would let one row decide the estimate.
    private static double Clip(double p) => Math.Clamp(p, 0.05, 0.95);

    /// <summary>The policy "apply the action where the model predicts positive uplift", valued off-policy on the held-out logs.</summary>
    private static void AddOffPolicy(Dictionary<string, double> metrics, string who, List<LoggedDecision<int>> logs, string type, Dictionary<int, double> uplift)
    {
        double Target(int row, string? action) => (uplift[row] > 0 ? type : null) == action ? 1 : 0;
        var ips = OffPolicyEvaluator.Ips(logs, Target);
        var snips = OffPolicyEvaluator.SelfNormalisedIps(logs, Target);
        metrics[$"ope_ips_{who}"] = ips.Value;
        metrics[$"ope_snips_{who}"] = snips.Value;
        metrics[$"ope_snips_{who}_lower"] = snips.Lower;
        metrics[$"ope_snips_{who}_upper"] = snips.Upper;
        metrics[$"ope_treat_share_{who}"] = logs.Count(l => uplift[l.Context] > 0) / (double)logs.Count;
    }

    private static string OlderNote(int older) => older == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"; {older} labelled rows of all actions were recorded with an older feature list and are not counted");

    private static UpliftModel? TryLoad(ModelArtifact artifact)
    {
        try
        {
            return UpliftModel.Load(artifact.Bytes);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string OffPolicyCard(Dictionary<string, double> m, string? championVersion)
    {
        var c = CultureInfo.InvariantCulture;
        string F(string key) => m.TryGetValue(key, out var v) && double.IsFinite(v) ? v.ToString("F3", c) : "n/a";
        return string.Create(c, $"- Off-policy (held-out logged decisions, policy \"apply where predicted uplift > 0\"): retention SNIPS {F("ope_snips_challenger")} [{F("ope_snips_challenger_lower")}, {F("ope_snips_challenger_upper")}], IPS {F("ope_ips_challenger")}; logged policy {F("ope_logged_retention")}")
            + (championVersion is null ? "; no champion to compare with.\n" : string.Create(c, $"; champion {championVersion} SNIPS {F("ope_snips_champion")} [{F("ope_snips_champion_lower")}, {F("ope_snips_champion_upper")}].\n"));
    }
}
