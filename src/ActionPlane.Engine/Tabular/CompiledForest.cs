using System.Numerics;

namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Many tree ensembles over the same feature vector compiled to score together: each ensemble adds
/// its weighted raw sum (bias + trees, before any link) into one of <see cref="Slots"/> outputs.
/// A row is binned once (<see cref="FeatureBins"/>); then
/// <list type="bullet">
/// <item>every tree that splits on one feature only (stumps above all) is folded into a step table
/// per feature: one row of slot values per bin, so all such trees of all ensembles cost one
/// vector add per feature;</item>
/// <item>the other trees are scored by leaf masks, the QuickScorer way (<see cref="LeafMaskTrees{TMask}"/>).</item>
/// </list>
/// Trees with more than 64 leaves are walked node by node. Results equal
/// <see cref="GbmTrees.Raw"/> up to floating-point summation order. Thread-safe; scratch is per caller.
/// </summary>
public sealed class CompiledForest
{
    private readonly FeatureBins _bins;
    private readonly double[] _constant;
    // Step tables: table feature k's bin b is the row _tableRow[k] + b of _table (Slots values a row).
    private readonly int[] _tableFeature;
    private readonly int[] _tableRow;
    private readonly double[] _table;
    // Trees on several features, by the width of their leaf masks.
    private readonly LeafMaskTrees<byte> _small;
    private readonly LeafMaskTrees<ulong> _large;
    // Trees too large for a mask: walked over the bins.
    private readonly (int Slot, int[] Feature, int[] Bin, int[] Left, int[] Right, double[] Leaves)[] _walked;

    /// <param name="width">Features per row.</param>
    /// <param name="slots">Outputs; each part adds weight × (bias + Σ trees) into its slot.</param>
    /// <param name="parts">The ensembles: every part's trees must take <paramref name="width"/> features.</param>
    public CompiledForest(int width, int slots, IReadOnlyList<(int Slot, double Weight, GbmTrees Trees)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        foreach (var part in parts)
        {
            if (part.Trees.Width != width)
                throw new ArgumentException($"An ensemble takes {part.Trees.Width} features, not {width}.", nameof(parts));
            if (part.Slot < 0 || part.Slot >= slots)
                throw new ArgumentOutOfRangeException(nameof(parts), part.Slot, $"Slot must be below {slots}.");
        }
        Width = width;
        Slots = slots;
        var trees = parts.SelectMany(p => Enumerable.Range(0, p.Trees.TreeCount).Select(t => (p.Slot, p.Weight, Tree: p.Trees.Tree(t)))).ToList();
        _bins = new FeatureBins(width, trees.SelectMany(t => t.Tree.Feature.Zip(t.Tree.Threshold)));
        _constant = new double[slots];
        foreach (var part in parts)
            _constant[part.Slot] += part.Weight * part.Trees.Bias;

        var single = new List<(int Slot, double Weight, TreeView Tree)>();
        var masked = new List<(int Slot, double Weight, TreeView Tree)>();
        var walked = new List<(int, int[], int[], int[], int[], double[])>();
        foreach (var (slot, weight, tree) in trees)
        {
            if (tree.Feature.Count == 0)
                _constant[slot] += weight * tree.Leaves[0];
            else if (tree.Feature.All(f => f == tree.Feature[0]))
                single.Add((slot, weight, tree));
            else if (tree.Leaves.Count <= LeafMaskTrees<ulong>.MaxLeaves)
                masked.Add((slot, weight, tree));
            else
                walked.Add((slot, [.. tree.Feature], [.. tree.Feature.Select((f, i) => _bins.IndexOf(f, tree.Threshold[i]))],
                    [.. tree.Left], [.. tree.Right], [.. tree.Leaves.Select(v => weight * v)]));
        }
        (_tableFeature, _tableRow, _table) = StepTables(single);
        _small = new LeafMaskTrees<byte>(_bins, slots, masked.Where(t => t.Tree.Leaves.Count <= LeafMaskTrees<byte>.MaxLeaves));
        _large = new LeafMaskTrees<ulong>(_bins, slots, masked.Where(t => t.Tree.Leaves.Count > LeafMaskTrees<byte>.MaxLeaves));
        _walked = [.. walked];
        TreeCounts = (single.Count, masked.Count, walked.Count);
    }

    public int Width { get; }
    public int Slots { get; }

    /// <summary>Trees folded into step tables / scored by leaf masks / walked.</summary>
    public (int Folded, int Masked, int Walked) TreeCounts { get; }

    /// <summary>Scratch for <see cref="Raw"/>: one per thread.</summary>
    public Scratch NewScratch() => new(new int[Width], new byte[_small.Count], new ulong[_large.Count]);

    /// <summary>Per-thread buffers: a row's bins and the leaf masks.</summary>
    public sealed record Scratch(int[] Bins, byte[] SmallMasks, ulong[] LargeMasks);

    /// <summary>Writes every slot's raw sum for <paramref name="row"/> into <paramref name="slots"/>.</summary>
    public void Raw(ReadOnlySpan<float> row, Span<double> slots, Scratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (slots.Length != Slots)
            throw new ArgumentException($"Room for {Slots} slots is needed.", nameof(slots));
        _bins.Fill(row, scratch.Bins);
        _constant.CopyTo(slots);
        AddStepTables(scratch.Bins, slots);
        _small.Add(scratch.Bins, slots, scratch.SmallMasks);
        _large.Add(scratch.Bins, slots, scratch.LargeMasks);
        foreach (var (slot, feature, bin, left, right, leaves) in _walked)
        {
            var node = 0;
            while (node >= 0)
                node = scratch.Bins[feature[node]] <= bin[node] ? left[node] : right[node];
            slots[slot] += leaves[~node];
        }
    }

    private void AddStepTables(int[] bins, Span<double> slots)
    {
        var width = Slots;
        var table = _table.AsSpan();
        for (var k = 0; k < _tableFeature.Length; k++)
        {
            var values = table.Slice((_tableRow[k] + bins[_tableFeature[k]]) * width, width);
            var s = 0;
            if (Vector.IsHardwareAccelerated)
                for (; s <= width - Vector<double>.Count; s += Vector<double>.Count)
                    (new Vector<double>(slots[s..]) + new Vector<double>(values[s..])).CopyTo(slots[s..]);
            for (; s < width; s++)
                slots[s] += values[s];
        }
    }

    // One table row per bin of each feature some single-feature tree splits on.
    private (int[] Features, int[] Rows, double[] Table) StepTables(List<(int Slot, double Weight, TreeView Tree)> trees)
    {
        var byFeature = trees.GroupBy(t => t.Tree.Feature[0]).OrderBy(g => g.Key).ToList();
        var features = byFeature.Select(g => g.Key).ToArray();
        var rows = new int[features.Length];
        var total = 0;
        for (var k = 0; k < features.Length; k++)
        {
            rows[k] = total;
            total += _bins.Pieces(features[k]);
        }
        var table = new double[total * Slots];
        for (var k = 0; k < features.Length; k++)
        {
            var f = features[k];
            foreach (var (slot, weight, tree) in byFeature[k])
            {
                var bins = tree.Threshold.Select(t => _bins.IndexOf(f, t)).ToArray();
                for (var b = 0; b < _bins.Pieces(f); b++)
                {
                    var node = 0;
                    while (node >= 0)
                        node = b <= bins[node] ? tree.Left[node] : tree.Right[node];
                    table[(rows[k] + b) * Slots + slot] += weight * tree.Leaves[~node];
                }
            }
        }
        return (features, rows, table);
    }
}
