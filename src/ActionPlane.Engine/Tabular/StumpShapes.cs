namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Rewrites each feature's step function in an ensemble of stumps (an additive model), given how many
/// training rows fall on each step. Why: with a few thousand rows, boosting fits wiggles into each step
/// function that are the label noise of a handful of rows. The "missing" step
/// (<see cref="GbmTrees.Missing"/>, below every real value) keeps its own value, since missing is not a
/// small number.
/// </summary>
internal static class StumpShapes
{
    /// <summary>
    /// <paramref name="trees"/> with each feature's step values over real values replaced by
    /// <paramref name="reshape"/>(values, training rows per step).
    /// </summary>
    public static GbmTrees Reshape(GbmTrees trees, float[][] rows, Func<double[], double[], double[]> reshape)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(rows);
        var all = Enumerable.Range(0, trees.TreeCount).Select(trees.Tree).ToList();
        if (all.Any(t => t.Feature.Count > 1))
            throw new ArgumentException("Monotone shapes need an ensemble of stumps (2 leaves).", nameof(trees));
        var bins = new FeatureBins(trees.Width, all.SelectMany(t => t.Feature.Zip(t.Threshold)));

        // Each used feature's value per bin, and training rows per bin (real values and missing ones apart).
        var values = Enumerable.Range(0, trees.Width).Select(f => new double[bins.Pieces(f)]).ToArray();
        var counts = Enumerable.Range(0, trees.Width).Select(f => new double[bins.Pieces(f)]).ToArray();
        var missing = new double[trees.Width];
        var bias = trees.Bias;
        foreach (var tree in all)
        {
            if (tree.Feature.Count == 0)
            {
                bias += tree.Leaves[0];
                continue;
            }
            var f = tree.Feature[0];
            var j = bins.IndexOf(f, tree.Threshold[0]);
            for (var b = 0; b < values[f].Length; b++)
                values[f][b] += b <= j ? tree.Leaves[~tree.Left[0]] : tree.Leaves[~tree.Right[0]];
        }
        var rowBins = new int[trees.Width];
        foreach (var row in rows)
        {
            bins.Fill(row, rowBins);
            foreach (var f in bins.Used)
            {
                if (float.IsNaN(row[f]) || row[f] <= GbmTrees.Missing)
                    missing[f]++;
                else
                    counts[f][rowBins[f]]++;
            }
        }

        var stumps = new List<(int Feature, float Threshold, double Left, double Right)>();
        foreach (var f in bins.Used)
        {
            // Bin 0 holds only missing rows when the first threshold separates them: it stays as it is.
            var first = missing[f] > 0 && counts[f][0] == 0 ? 1 : 0;
            var shape = values[f];
            var fitted = reshape(shape[first..], counts[f][first..]);
            fitted.CopyTo(shape, first);
            bias += shape[0];
            var thresholds = bins.Thresholds(f);
            for (var b = 1; b < shape.Length; b++)
                if (shape[b] != shape[b - 1])
                    stumps.Add((f, thresholds[b - 1], 0, shape[b] - shape[b - 1]));
        }
        return trees.WithStumps(bias, stumps);
    }

    /// <summary>
    /// A shape constraint: the rising or falling weighted isotonic fit of <paramref name="values"/>,
    /// whichever has the smaller weighted squared error, so the direction need not be known.
    /// </summary>
    public static double[] Monotone(double[] values, double[] weights)
    {
        var rising = Isotonic(values, weights, 1);
        var falling = Isotonic(values, weights, -1);
        double Error(double[] fit) => values.Select((v, i) => weights[i] * (v - fit[i]) * (v - fit[i])).Sum();
        return Error(rising) <= Error(falling) ? rising : falling;
    }

    /// <summary>
    /// A smoother: each step's value becomes the row-weighted mean of all steps, weighted by a Gaussian
    /// kernel of their distance in rank (the share of training rows between their midpoints), bandwidth
    /// <paramref name="bandwidth"/>. Steps that hold many rows (a 0/1 feature's two values) stay apart.
    /// </summary>
    public static Func<double[], double[], double[]> Smooth(double bandwidth) => (values, weights) =>
    {
        var total = Math.Max(weights.Sum(), 1e-9);
        var rank = new double[values.Length];
        var below = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            rank[i] = (below + weights[i] / 2) / total;
            below += weights[i];
        }
        var smoothed = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            double sum = 0, norm = 0;
            for (var j = 0; j < values.Length; j++)
            {
                var d = (rank[i] - rank[j]) / bandwidth;
                var k = Math.Max(weights[j], 1e-9) * Math.Exp(-0.5 * d * d);
                sum += k * values[j];
                norm += k;
            }
            smoothed[i] = sum / norm;
        }
        return smoothed;
    };

    /// <summary>Pool-adjacent-violators: the non-decreasing (sign 1) or non-increasing (sign −1) fit; empty bins get a tiny weight.</summary>
    internal static double[] Isotonic(double[] values, double[] weights, int sign)
    {
        var level = new List<double>();
        var weight = new List<double>();
        var length = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            level.Add(sign * values[i]);
            weight.Add(Math.Max(weights[i], 1e-9));
            length.Add(1);
            while (level.Count > 1 && level[^2] > level[^1])
            {
                var w = weight[^2] + weight[^1];
                level[^2] = (level[^2] * weight[^2] + level[^1] * weight[^1]) / w;
                weight[^2] = w;
                length[^2] += length[^1];
                level.RemoveAt(level.Count - 1);
                weight.RemoveAt(weight.Count - 1);
                length.RemoveAt(length.Count - 1);
            }
        }
        var fit = new double[values.Length];
        var k = 0;
        for (var block = 0; block < level.Count; block++)
            for (var i = 0; i < length[block]; i++)
                fit[k++] = sign * level[block];
        return fit;
    }
}
