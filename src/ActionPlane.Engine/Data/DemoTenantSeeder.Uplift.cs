using System.Diagnostics;
using System.Globalization;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Ranking;
using ActionPlane.Engine.Uplift;
using Marten;

namespace ActionPlane.Engine.Data;

// Uplift models per action type and the action ranker, trained on the synthetic historical cohort.
public sealed partial class DemoTenantSeeder
{
    /// <summary>The action types the demo trains uplift models for: those with a designed ground-truth effect (the catalog's).</summary>
    public static IReadOnlyList<string> UpliftActionTypes => SyntheticModels.ActionTypes;

    /// <summary>
    /// Loads the champion uplift model of every action type and the champion ranker, training and
    /// registering whichever is missing on the same synthetic cohort as the churn model.
    /// </summary>
    public async Task<ScoringModels> EnsureScoringModelsAsync(IDocumentStore store, DemoSeedOptions options, DateOnly asOf, ChurnModel churn,
        Action<string> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var registry = new ModelRegistry(store);
        var cohort = new Lazy<Cohort>(() => NewCohort(options, asOf));
        var uplift = new List<UpliftModel>();
        foreach (var action in UpliftActionTypes)
        {
            var champion = await registry.LoadChampionAsync(UpliftModelCard.KindOf(action), cancellationToken);
            if (Servable(champion, UpliftModel.Load, m => ServableFeatures.WhyNotExact(m.FeatureNames), progress) is { } served)
                uplift.Add(served);
            else
                uplift.Add(await TrainUpliftModelAsync(registry, cohort.Value, action, options, replaceChampion: champion is not null, progress, cancellationToken));
        }
        var rankChampion = await registry.LoadChampionAsync(ActionRankingModel.Kind, cancellationToken);
        var ranking = Servable(rankChampion, ActionRankingModel.Load, m => ServableFeatures.WhyNotExact(m.FeatureNames), progress)
            ?? await TrainRankingModelAsync(registry, cohort.Value, options, progress, cancellationToken);
        return new ScoringModels(churn, uplift, ranking);
    }

    /// <summary>
    /// The champion, loaded, when this version can serve it; null when there is none or when it was
    /// stored in a format this version cannot read or with features <paramref name="whyNot"/> says it
    /// cannot feed (said in the progress log: a new model replaces it rather than the start failing).
    /// </summary>
    private static T? Servable<T>(ModelArtifact? champion, Func<byte[], T> load, Func<T, string?> whyNot, Action<string> progress, string name = "Model")
        where T : class
    {
        if (champion is null)
            return null;
        string why;
        try
        {
            var model = load(champion.Bytes);
            if (whyNot(model) is not { } unservable)
                return model;
            why = unservable;
        }
        catch (InvalidDataException e)
        {
            why = e.Message;
        }
        progress($"{name} {champion.Version} cannot be served ({why}); training a new one to replace it.");
        return null;
    }

    private async Task<UpliftModel> TrainUpliftModelAsync(ModelRegistry registry, Cohort cohort, string action, DemoSeedOptions options, bool replaceChampion,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var kind = UpliftModelCard.KindOf(action);
        var version = await registry.NextVersionAsync(kind, Today(), cancellationToken);
        var (model, hash, rows) = SyntheticModels.TrainUplift(cohort.Datasets, action, version, options.Seed);
        var metrics = model.Metrics;
        var champion = replaceChampion ? null : await registry.LoadChampionAsync(kind, cancellationToken);
        var refusal = PromotionGate.CheckUplift(metrics, champion?.Metrics);
        var promoted = refusal is null || champion is null;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"randomised {action} experiment on the synthetic historical cohort of {rows} accounts (generator seed {cohort.Seed}).");
        await registry.SaveAsync(UpliftModelCard.ToArtifact(model, hash, rows, cohort.Window, description, time.GetUtcNow()),
            promoted, cancellationToken);
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Trained uplift model for {action}: {model.Learner}-learner, Qini {metrics["qini_auc"]:F3} (oracle {metrics["oracle_qini_auc"]:F3}) on {metrics["n_test"]} held-out accounts ({clock.Elapsed.TotalSeconds:F1} s); {(promoted ? "champion" : "challenger")} {version}."));
        return model;
    }

    private async Task<ActionRankingModel> TrainRankingModelAsync(ModelRegistry registry, Cohort cohort, DemoSeedOptions options,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var version = await registry.NextVersionAsync(ActionRankingModel.Kind, Today(), cancellationToken);
        var (model, hash, accounts) = SyntheticModels.TrainRanking(cohort.Datasets, version, options.Seed);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{accounts} accounts of the synthetic historical cohort (generator seed {cohort.Seed}), relevance from the generator's true uplift.");
        await registry.SaveAsync(ActionRankingCard.ToArtifact(model, hash, accounts, cohort.Window, description, time.GetUtcNow()), promote: true, cancellationToken);
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Trained action ranking model: NDCG@1 {model.Metrics["ndcg@1"]:F3}, NDCG@3 {model.Metrics["ndcg@3"]:F3} on {model.Metrics["test_accounts"]} held-out accounts ({clock.Elapsed.TotalSeconds:F1} s); champion {version}."));
        return model;
    }

    /// <summary>The synthetic historical cohort the demo models learn from (the churn model's, see <see cref="TrainChurnModelAsync"/>).</summary>
    private sealed record Cohort(int Seed, SyntheticDatasets Datasets, TrainingWindow Window);

    private static Cohort NewCohort(DemoSeedOptions options, DateOnly asOf)
    {
        var cohortAsOf = asOf.AddDays(-90);
        var seed = CohortSeed(options);
        var tenant = new TenantGenerator(seed).Generate(options.TrainingAccounts, cohortAsOf);
        return new Cohort(seed, new SyntheticDatasets(tenant, Scenario.Default),
            new TrainingWindow(cohortAsOf.AddDays(-TenantGenerator.HistoryDays), cohortAsOf, asOf));
    }

    private static int CohortSeed(DemoSeedOptions options) => unchecked(options.Seed * 7919 + 1);
}
