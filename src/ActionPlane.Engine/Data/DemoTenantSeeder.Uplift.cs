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
    public static IReadOnlyList<string> UpliftActionTypes { get; } = [.. ActionEffects.DesignedTypes.Order(StringComparer.Ordinal)];

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
            if (await registry.LoadChampionAsync(UpliftModelCard.KindOf(action), cancellationToken) is { } champion)
                uplift.Add(UpliftModel.Load(champion.Bytes));
            else
                uplift.Add(await TrainUpliftModelAsync(registry, cohort.Value, action, options, progress, cancellationToken));
        }
        var ranking = await registry.LoadChampionAsync(ActionRankingModel.Kind, cancellationToken) is { } rankChampion
            ? ActionRankingModel.Load(rankChampion.Bytes)
            : await TrainRankingModelAsync(registry, cohort.Value, options, progress, cancellationToken);
        return new ScoringModels(churn, uplift, ranking);
    }

    private async Task<UpliftModel> TrainUpliftModelAsync(ModelRegistry registry, Cohort cohort, string action, DemoSeedOptions options,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = cohort.Datasets.Uplift(action);
        var x = rows.Select(r => FeatureBuilder.ToVector(r.Features)).ToArray();
        var treated = rows.Select(r => r.Treated).ToArray();
        var retained = rows.Select(r => r.Retained).ToArray();
        var result = UpliftTrainer.Run(x, treated, retained, null, UpliftTestFraction, options.Seed);
        var testRetained = result.TestRows.Select(i => retained[i]).ToArray();
        var testTreated = result.TestRows.Select(i => treated[i]).ToArray();
        var metrics = new Dictionary<string, double>
        {
            ["qini_auc"] = result.QiniAuc,
            ["oracle_qini_auc"] = UpliftMetrics.QiniAuc(testRetained, result.TestRows.Select(i => rows[i].TrueUplift).ToArray(), testTreated),
            ["uplift_auc"] = result.UpliftAuc,
            ["uplift_at_30"] = result.UpliftAt30,
            ["n_train"] = result.TrainCount,
            ["n_test"] = result.TestCount,
        };
        var kind = UpliftModelCard.KindOf(action);
        var version = await registry.NextVersionAsync(kind, Today(), cancellationToken);
        var model = new UpliftModel(action, version, result.Learner, FeatureBuilder.FeatureNames, result.Ensemble, metrics);
        var champion = await registry.LoadChampionAsync(kind, cancellationToken);
        var refusal = PromotionGate.CheckUplift(metrics, champion?.Metrics);
        var promoted = refusal is null || champion is null;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"randomised {action} experiment on the synthetic historical cohort of {rows.Count} accounts (generator seed {cohort.Seed}).");
        await registry.SaveAsync(UpliftModelCard.ToArtifact(model, UpliftModelCard.HashOf(x, treated, retained), rows.Count, cohort.Window, description, time.GetUtcNow()),
            promoted, cancellationToken);
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Trained uplift model for {action}: {result.Learner}-learner, Qini {result.QiniAuc:F3} (oracle {metrics["oracle_qini_auc"]:F3}) on {result.TestCount} held-out accounts ({clock.Elapsed.TotalSeconds:F1} s); {(promoted ? "champion" : "challenger")} {version}."));
        return model;
    }

    private async Task<ActionRankingModel> TrainRankingModelAsync(ModelRegistry registry, Cohort cohort, DemoSeedOptions options,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // One query per account; each action's relevance is graded from its true uplift for that account.
        var perAction = UpliftActionTypes.Select(a => cohort.Datasets.Uplift(a)).ToList();
        var accounts = perAction[0].Select(r => FeatureBuilder.ToVector(r.Features)).ToList();
        var uplift = Enumerable.Range(0, accounts.Count).Select(i => perAction.Select(rows => rows[i].TrueUplift).ToArray()).ToList();
        var version = await registry.NextVersionAsync(ActionRankingModel.Kind, Today(), cancellationToken);
        var model = ActionRankingModel.Train(version, UpliftActionTypes, FeatureBuilder.FeatureNames, accounts, uplift, new RankingOptions { Seed = options.Seed });
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{accounts.Count} accounts of the synthetic historical cohort (generator seed {cohort.Seed}), relevance from the generator's true uplift.");
        var hash = UpliftModelCard.HashOf(accounts, accounts.Select(_ => false).ToList(), accounts.Select(_ => false).ToList());
        await registry.SaveAsync(ActionRankingCard.ToArtifact(model, hash, accounts.Count, cohort.Window, description, time.GetUtcNow()), promote: true, cancellationToken);
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Trained action ranking model: NDCG@1 {model.Metrics["ndcg@1"]:F3}, NDCG@3 {model.Metrics["ndcg@3"]:F3} on {model.Metrics["test_accounts"]} held-out accounts ({clock.Elapsed.TotalSeconds:F1} s); champion {version}."));
        return model;
    }

    /// <summary>Share of the cohort's experiment rows held out to measure each uplift model.</summary>
    private const double UpliftTestFraction = 0.3;

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
