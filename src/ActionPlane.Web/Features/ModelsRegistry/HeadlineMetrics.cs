namespace ActionPlane.Web.Features.ModelsRegistry;

/// <summary>
/// The held-out metrics a reviewer reads first for a model version, by what the model does: a churn
/// model's ROC-AUC, an uplift model's Qini, a ranking model's NDCG. Read from the metric keys, so a
/// model registered from the CLI (<c>csv/uplift</c>, …) is shown like the demo's.
/// </summary>
public static class HeadlineMetrics
{
    /// <summary>One row: the metric's name for people, its key in the registry, and whether it is left out when the version lacks it.</summary>
    public sealed record Metric(string Name, string Key, bool Optional = false);

    public static readonly IReadOnlyList<Metric> Churn =
    [
        new("ROC-AUC", "roc_auc"), new("PR-AUC", "pr_auc"), new("Brier", "brier"), new("ECE", "ece", Optional: true),
    ];

    public static readonly IReadOnlyList<Metric> Uplift =
    [
        new("Qini (normalised)", "qini_auc"), new("Qini of the true uplift (oracle)", "oracle_qini_auc", Optional: true),
        new("Uplift AUC (normalised)", "uplift_auc"), new("Uplift@30 %", "uplift_at_30"),
    ];

    public static readonly IReadOnlyList<Metric> Ranking =
    [
        new("NDCG@1", "ndcg@1"), new("NDCG@3", "ndcg@3"), new("NDCG@5", "ndcg@5", Optional: true), new("NDCG@10", "ndcg@10", Optional: true),
    ];

    /// <summary>The rows for a version with <paramref name="metrics"/>, each with its value (null: not recorded).</summary>
    public static IReadOnlyList<(Metric Metric, double? Value)> Of(IReadOnlyDictionary<string, double> metrics)
    {
        var set = metrics.ContainsKey("qini_auc") ? Uplift
            : metrics.Keys.Any(k => k.StartsWith("ndcg@", StringComparison.Ordinal)) ? Ranking
            : Churn;
        return [.. set
            .Select(m => (m, metrics.TryGetValue(m.Key, out var v) ? v : (double?)null))
            .Where(row => row.Item2 is not null || !row.m.Optional)];
    }

    /// <summary>Whether the version is scored like a churn model (its metrics are the ones the versions chart plots).</summary>
    public static bool IsChurnLike(IReadOnlyDictionary<string, double> metrics) => metrics.ContainsKey("roc_auc");
}
