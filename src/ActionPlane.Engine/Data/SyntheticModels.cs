using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Ranking;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Data;

/// <summary>
/// Trains the uplift and ranking models on a synthetic cohort's randomised experiments (what the
/// demo seeder registers and the scoring benchmark uses), on <see cref="FeatureBuilder"/>'s features.
/// </summary>
public static class SyntheticModels
{
    /// <summary>Share of each experiment's rows held out to measure its uplift model.</summary>
    public const double UpliftTestFraction = 0.3;

    /// <summary>The action types with a designed ground-truth effect (the catalog's), ordered.</summary>
    public static IReadOnlyList<string> ActionTypes { get; } = [.. ActionEffects.DesignedTypes.Order(StringComparer.Ordinal)];

    /// <summary>An uplift model of <paramref name="action"/> with held-out metrics, and the fingerprint of its training rows.</summary>
    public static (UpliftModel Model, string DataHash, int Rows) TrainUplift(SyntheticDatasets cohort, string action, ModelVersion version, int seed)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var rows = cohort.Uplift(action);
        var x = rows.Select(r => FeatureBuilder.ToVector(r.Features)).ToArray();
        var treated = rows.Select(r => r.Treated).ToArray();
        var retained = rows.Select(r => r.Retained).ToArray();
        var result = UpliftTrainer.Run(x, treated, retained, null, UpliftTestFraction, seed);
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
        var model = new UpliftModel(action, version, result.Learner, FeatureBuilder.FeatureNames, result.Ensemble, metrics);
        return (model, UpliftModelCard.HashOf(x, treated, retained), rows.Count);
    }

    /// <summary>The action ranker: one query per cohort account, each action's relevance graded from its true uplift there.</summary>
    public static (ActionRankingModel Model, string DataHash, int Accounts) TrainRanking(SyntheticDatasets cohort, ModelVersion version, int seed)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var perAction = ActionTypes.Select(cohort.Uplift).ToList();
        var accounts = perAction[0].Select(r => FeatureBuilder.ToVector(r.Features)).ToList();
        var uplift = Enumerable.Range(0, accounts.Count).Select(i => perAction.Select(rows => rows[i].TrueUplift).ToArray()).ToList();
        var model = ActionRankingModel.Train(version, ActionTypes, FeatureBuilder.FeatureNames, accounts, uplift, new RankingOptions { Seed = seed });
        var none = new bool[accounts.Count];
        return (model, UpliftModelCard.HashOf(accounts, none, none), accounts.Count);
    }
}
