namespace ActionPlane.Engine.Tabular;

/// <summary>
/// A sum of weighted stump ensembles compiled into one step function per feature: scoring is one
/// binary search per used feature instead of one comparison per stump. Uplift effect models are
/// hundreds of stumps, so this is most of the cost of scoring an X- or DR-learner.
/// </summary>
public sealed class AdditiveStumps
{
    private readonly int[] _features;
    // Feature k's thresholds, ascending, are _thresholds[_start[k].._start[k+1]); its value when
    // x is above exactly j of them is _values[_start[k] + k + j].
    private readonly int[] _start;
    private readonly float[] _thresholds;
    private readonly double[] _values;
    private readonly double _constant;

    public AdditiveStumps(IEnumerable<(int Feature, float Threshold, double Left, double Right)> stumps)
    {
        ArgumentNullException.ThrowIfNull(stumps);
        var all = stumps.ToList();
        _constant = all.Where(s => s.Feature < 0).Sum(s => s.Left);
        var byFeature = all.Where(s => s.Feature >= 0).GroupBy(s => s.Feature).OrderBy(g => g.Key).ToList();
        _features = [.. byFeature.Select(g => g.Key)];
        _start = new int[byFeature.Count + 1];
        List<float> thresholds = [];
        List<double> values = [];
        for (var k = 0; k < byFeature.Count; k++)
        {
            _start[k] = thresholds.Count;
            var sorted = byFeature[k].Select(s => s.Threshold).Distinct().Order().ToArray();
            thresholds.AddRange(sorted);
            // Piece j: x above the j smallest thresholds. A stump adds Right when x > its threshold, else Left.
            for (var j = 0; j <= sorted.Length; j++)
            {
                var above = j == 0 ? float.NegativeInfinity : sorted[j - 1];
                values.Add(byFeature[k].Sum(s => s.Threshold <= above ? s.Right : s.Left));
            }
        }
        _start[^1] = thresholds.Count;
        _thresholds = [.. thresholds];
        _values = [.. values];
    }

    public double Predict(ReadOnlySpan<float> row)
    {
        var sum = _constant;
        for (var k = 0; k < _features.Length; k++)
        {
            var x = row[_features[k]];
            if (float.IsNaN(x))
                x = GbmTrees.Missing;
            // Count the thresholds strictly below x (x <= threshold goes left, as in the trees).
            var below = FeatureBins.CountBelow(_thresholds, _start[k], _start[k + 1], x) - _start[k];
            sum += _values[_start[k] + k + below];
        }
        return sum;
    }
}
