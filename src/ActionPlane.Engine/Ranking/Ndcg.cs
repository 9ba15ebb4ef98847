namespace ActionPlane.Engine.Ranking;

/// <summary>
/// NDCG@k as LightGBM computes it: gain 2^label − 1, discount 1 / log2(rank + 1), documents sorted
/// by score (stable, so ties keep file order), k capped at the query size, and a query with no
/// relevant document scores 1. The result is the mean over queries.
/// </summary>
public static class Ndcg
{
    public static double At(int k, IReadOnlyList<float> labels, IReadOnlyList<double> scores, IReadOnlyList<int> groups)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(groups);
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (labels.Count != scores.Count || groups.Sum() != labels.Count || groups.Count == 0)
            throw new ArgumentException($"labels ({labels.Count}), scores ({scores.Count}) and group sizes (sum {groups.Sum()}) disagree.");
        double total = 0;
        var start = 0;
        foreach (var size in groups)
        {
            total += Query(k, labels, scores, start, size);
            start += size;
        }
        return total / groups.Count;
    }

    private static double Query(int k, IReadOnlyList<float> labels, IReadOnlyList<double> scores, int start, int size)
    {
        var cut = Math.Min(k, size);
        var ideal = Enumerable.Range(start, size).Select(i => labels[i]).OrderByDescending(l => l).Take(cut).ToArray();
        var idealDcg = Dcg(ideal);
        if (idealDcg <= 0)
            return 1;
        var ranked = Enumerable.Range(start, size).OrderByDescending(i => scores[i]).Take(cut).Select(i => labels[i]).ToArray();
        return Dcg(ranked) / idealDcg;
    }

    private static double Dcg(float[] labels)
    {
        double dcg = 0;
        for (var r = 0; r < labels.Length; r++)
            dcg += (Math.Pow(2, labels[r]) - 1) / Math.Log2(r + 2);
        return dcg;
    }
}
