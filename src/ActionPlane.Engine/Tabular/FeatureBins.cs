namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Every split threshold a set of trees uses, per feature, sorted. A row's value x of feature f is
/// replaced by its bin, the number of f's thresholds below x; then <c>x &lt;= threshold j</c> holds
/// exactly when <c>bin &lt;= j</c>, so trees compiled against the bins score a row with one binary
/// search per feature instead of a float comparison (and a NaN check) per node.
/// </summary>
internal sealed class FeatureBins
{
    private readonly float[][] _thresholds;

    public FeatureBins(int width, IEnumerable<(int Feature, float Threshold)> splits)
    {
        ArgumentNullException.ThrowIfNull(splits);
        var sets = Enumerable.Range(0, width).Select(_ => new SortedSet<float>()).ToArray();
        foreach (var (feature, threshold) in splits)
        {
            if (float.IsNaN(threshold))
                throw new ArgumentException($"A split on feature {feature} has a NaN threshold.", nameof(splits));
            sets[feature].Add(threshold);
        }
        _thresholds = [.. sets.Select(s => s.ToArray())];
        Used = [.. Enumerable.Range(0, width).Where(f => _thresholds[f].Length > 0)];
    }

    public int Width => _thresholds.Length;

    /// <summary>The features some split uses, ascending; the others' bins are always 0 and never read.</summary>
    public int[] Used { get; }

    /// <summary>Bins of feature <paramref name="feature"/>: its thresholds plus one.</summary>
    public int Pieces(int feature) => _thresholds[feature].Length + 1;

    /// <summary>The index j of a threshold the trees use (a split is "bin &lt;= j").</summary>
    public int IndexOf(int feature, float threshold)
    {
        var index = Array.BinarySearch(_thresholds[feature], threshold);
        if (index < 0)
            throw new ArgumentException($"Threshold {threshold} of feature {feature} was not collected.", nameof(threshold));
        return index;
    }

    /// <summary>Writes the bin of every used feature of <paramref name="row"/> (NaN is <see cref="GbmTrees.Missing"/>, as in the trees).</summary>
    public void Fill(ReadOnlySpan<float> row, Span<int> bins)
    {
        if (row.Length != Width)
            throw new ArgumentException($"A row of {row.Length} features; the models take {Width}.", nameof(row));
        foreach (var f in Used)
        {
            var x = row[f];
            if (float.IsNaN(x))
                x = GbmTrees.Missing;
            bins[f] = CountBelow(_thresholds[f], 0, _thresholds[f].Length, x);
        }
    }

    /// <summary>How many of the ascending <paramref name="sorted"/>[lo..hi) are below <paramref name="x"/>, plus <paramref name="lo"/>.</summary>
    internal static int CountBelow(float[] sorted, int lo, int hi, float x)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
