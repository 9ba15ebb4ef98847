using System.Diagnostics;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Models;

/// <summary>
/// Features dropped together in an ablation: one input column's (a categorical column's one-hot features
/// are one group), or several columns' when they are asked for as one ("a+b": a family of redundant columns).
/// </summary>
public sealed record FeatureGroup(IReadOnlyList<TabularColumn> Columns, IReadOnlyList<int> Features)
{
    public string Name => string.Join('+', Columns.Select(c => c.Name));
}

/// <summary>
/// Drop-column ablation of the churn cross-validation: for each group, the same CV (same folds, same
/// GBM options) without the group's features, compared fold by fold with the CV on all features.
/// </summary>
public static class ChurnAblation
{
    /// <summary>
    /// One group per encoded column, in column order; or, given <paramref name="groups"/> (each a list of
    /// column names), one group per list holding those columns' features.
    /// </summary>
    public static IReadOnlyList<FeatureGroup> Groups(FeatureEncoder encoder, IReadOnlyList<IReadOnlyList<string>>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var names = encoder.Columns.Select(c => c.Name).ToList();
        groups ??= [.. names.Select(n => (IReadOnlyList<string>)[n])];
        var result = new List<FeatureGroup>(groups.Count);
        foreach (var group in groups)
        {
            var columns = new List<TabularColumn>();
            var features = new SortedSet<int>();
            foreach (var name in group)
            {
                var c = names.IndexOf(name);
                if (c < 0)
                    throw new ArgumentException($"'{name}' is not a feature column; the feature columns are {string.Join(", ", names)}.", nameof(groups));
                columns.Add(encoder.Columns[c]);
                var (start, count) = encoder.FeatureRange(c).GetOffsetAndLength(encoder.FeatureNames.Count);
                features.UnionWith(Enumerable.Range(start, count));
            }
            result.Add(new FeatureGroup(columns, [.. features]));
        }
        return result;
    }

    /// <summary>
    /// Runs the CV once per group without its features and returns the results sorted by ΔROC-AUC, the
    /// group whose loss hurts most first. <paramref name="full"/> must be <see cref="ChurnCrossValidation.Run"/>
    /// on all <paramref name="features"/> with the same folds and <paramref name="options"/>: the folds
    /// are a function of the labels and the seed, so every run below deals the same rows to the same
    /// fold and the differences can be paired by fold. <paramref name="groupDone"/> hears of each group
    /// as it finishes (long runs show progress).
    /// </summary>
    public static IReadOnlyList<ChurnAblationResult> Run(float[][] features, bool[] labels, IReadOnlyList<FeatureGroup> groups,
        ChurnCrossValidationResult full, GbmOptions options, Action<ChurnAblationResult>? groupDone = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(full);
        var width = features.Length == 0 ? 0 : features[0].Length;
        var results = new List<ChurnAblationResult>(groups.Count);
        foreach (var group in groups)
        {
            var dropped = group.Features.ToHashSet();
            if (dropped.Count >= width)
                throw new ArgumentException($"Dropping '{group.Name}' leaves no feature to train on; an ablation needs at least two feature columns.", nameof(groups));
            var clock = Stopwatch.StartNew();
            var keep = Enumerable.Range(0, width).Where(f => !dropped.Contains(f)).ToArray();
            var without = ChurnCrossValidation.Run(features.Select(row => Array.ConvertAll(keep, f => row[f])).ToArray(), labels, full.Folds, options);
            var (delta, se) = PairedDifference(without.FoldRocAucs, full.FoldRocAucs);
            var result = new ChurnAblationResult(group, without.RocAuc, delta, se,
                PairedDifference(without.FoldPrAucs, full.FoldPrAucs).Mean, PairedDifference(without.FoldBriers, full.FoldBriers).Mean, clock.Elapsed.TotalSeconds);
            results.Add(result);
            groupDone?.Invoke(result);
        }
        return [.. results.OrderBy(r => r.DeltaRocAuc).ThenBy(r => r.Group.Name, StringComparer.Ordinal)];
    }

    /// <summary>Mean of the per-fold differences <paramref name="ablated"/> − <paramref name="full"/> and its standard error over folds.</summary>
    internal static (double Mean, double StandardError) PairedDifference(IReadOnlyList<double> ablated, IReadOnlyList<double> full)
    {
        var d = ablated.Zip(full, (a, f) => a - f).ToArray();
        var mean = d.Average();
        var variance = d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1);
        return (mean, Math.Sqrt(variance / d.Length));
    }
}
