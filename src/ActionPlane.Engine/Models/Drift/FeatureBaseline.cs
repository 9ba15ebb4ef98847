namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// One feature's training distribution: decile bin edges over its known values, the share of
/// training rows in each bin, and the share that was missing (missing is a bin of its own, so a
/// feature that goes missing more often drifts too).
/// </summary>
/// <param name="Edges">Inner cut points, ascending; bin i holds values in (Edges[i-1], Edges[i]].</param>
/// <param name="Proportions">One share per bin (Edges.Count + 1 of them), then none for missing.</param>
public sealed record FeatureBaseline(string Feature, IReadOnlyList<double> Edges, IReadOnlyList<double> Proportions, double MissingProportion)
{
    public const int Bins = 10;

    public static FeatureBaseline Capture(string feature, IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var known = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).Order().ToArray();
        // Quantile cut points, deduplicated: a feature with few distinct values gets fewer, wider bins.
        var edges = known.Length == 0
            ? []
            : Enumerable.Range(1, Bins - 1).Select(i => known[(int)Math.Floor(i * (known.Length - 1) / (double)Bins)]).Distinct().ToArray();
        var partial = new FeatureBaseline(feature, edges, [], 0);
        var (proportions, missing) = partial.Distribute(values);
        return partial with { Proportions = proportions, MissingProportion = missing };
    }

    /// <summary>The share of <paramref name="values"/> in each of this baseline's bins, and the share missing.</summary>
    public (double[] Proportions, double Missing) Distribute(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new int[Edges.Count + 1];
        var missing = 0;
        foreach (var value in values)
        {
            if (value is not { } v || !double.IsFinite(v))
            {
                missing++;
                continue;
            }
            counts[BinOf(v)]++;
        }
        var n = Math.Max(1, values.Count);
        return ([.. counts.Select(c => c / (double)n)], missing / (double)n);
    }

    private int BinOf(double value)
    {
        var bin = 0;
        while (bin < Edges.Count && value > Edges[bin])
            bin++;
        return bin;
    }
}
