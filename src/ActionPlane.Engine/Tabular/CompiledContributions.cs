namespace ActionPlane.Engine.Tabular;

/// <summary>
/// A tree ensemble's raw score and per-feature contributions (<see cref="GbmTrees.AddContributions"/>'s
/// counterfactual-path rule) compiled over binned features: a tree that splits on one feature only
/// gives a raw value and a contribution to that feature that depend on that feature's bin alone,
/// so all such trees are summed into two tables per feature; the other trees are walked over the
/// bins. Same results as <see cref="GbmTrees.Raw"/> and <see cref="GbmTrees.AddContributions"/> up
/// to floating-point summation order. Thread-safe; the bins buffer is per caller.
/// </summary>
internal sealed class CompiledContributions
{
    private readonly FeatureBins _bins;
    private readonly double _constant;
    // Feature f's bin b: raw value _raw[_row[f] + b], contribution to f _contribution[_row[f] + b]; _row[f] < 0 when no table.
    private readonly int[] _row;
    private readonly double[] _raw;
    private readonly double[] _contribution;
    private readonly (int[] Feature, int[] Bin, int[] Left, int[] Right, double[] Leaves)[] _walked;

    public CompiledContributions(GbmTrees trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        var all = Enumerable.Range(0, trees.TreeCount).Select(trees.Tree).ToList();
        _bins = new FeatureBins(trees.Width, all.SelectMany(t => t.Feature.Zip(t.Threshold)));
        _constant = trees.Bias + all.Where(t => t.Feature.Count == 0).Sum(t => t.Leaves[0]);
        var compiled = all.Where(t => t.Feature.Count > 0)
            .Select(t => (Feature: t.Feature.ToArray(), Bin: t.Feature.Select((f, i) => _bins.IndexOf(f, t.Threshold[i])).ToArray(), Left: t.Left.ToArray(), Right: t.Right.ToArray(), Leaves: t.Leaves.ToArray()))
            .ToList();
        var single = compiled.Where(t => t.Feature.All(f => f == t.Feature[0])).ToList();
        _walked = [.. compiled.Where(t => t.Feature.Any(f => f != t.Feature[0]))];
        _row = Enumerable.Repeat(-1, trees.Width).ToArray();
        var total = 0;
        foreach (var f in single.Select(t => t.Feature[0]).Distinct().Order())
        {
            _row[f] = total;
            total += _bins.Pieces(f);
        }
        _raw = new double[total];
        _contribution = new double[total];
        Span<int> bins = new int[trees.Width];
        Span<double> contributions = new double[trees.Width];
        foreach (var tree in single)
        {
            var f = tree.Feature[0];
            for (var b = 0; b < _bins.Pieces(f); b++)
            {
                bins[f] = b;
                contributions[f] = 0;
                _raw[_row[f] + b] += Walk(tree, bins, contributions);
                _contribution[_row[f] + b] += contributions[f];
            }
        }
    }

    public int Width => _bins.Width;

    /// <summary>The raw score of <paramref name="row"/>; adds each feature's contribution into <paramref name="contributions"/>.</summary>
    public double Raw(ReadOnlySpan<float> row, Span<double> contributions, int[] bins)
    {
        if (contributions.Length != Width)
            throw new ArgumentException($"Room for {Width} contributions is needed.", nameof(contributions));
        _bins.Fill(row, bins);
        var sum = _constant;
        foreach (var f in _bins.Used)
            if (_row[f] >= 0)
            {
                sum += _raw[_row[f] + bins[f]];
                contributions[f] += _contribution[_row[f] + bins[f]];
            }
        foreach (var tree in _walked)
            sum += Walk(tree, bins, contributions);
        return sum;
    }

    // The leaf the bins reach; for every split on the way, that leaf minus the one the other way leads to.
    // Two descents (the second once the leaf is known) rather than a stack of the path.
    private static double Walk((int[] Feature, int[] Bin, int[] Left, int[] Right, double[] Leaves) tree, ReadOnlySpan<int> bins, Span<double> contributions)
    {
        var leaf = tree.Leaves[~Descend(tree, bins, 0)];
        var node = 0;
        while (node >= 0)
        {
            var goLeft = bins[tree.Feature[node]] <= tree.Bin[node];
            var other = Descend(tree, bins, goLeft ? tree.Right[node] : tree.Left[node]);
            contributions[tree.Feature[node]] += leaf - tree.Leaves[~other];
            node = goLeft ? tree.Left[node] : tree.Right[node];
        }
        return leaf;
    }

    private static int Descend((int[] Feature, int[] Bin, int[] Left, int[] Right, double[] Leaves) tree, ReadOnlySpan<int> bins, int node)
    {
        while (node >= 0)
            node = bins[tree.Feature[node]] <= tree.Bin[node] ? tree.Left[node] : tree.Right[node];
        return node;
    }
}
