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
/// <item>the other trees are scored the QuickScorer way (Lucchese et al., SIGIR 2015): a bit mask
/// of reachable leaves per tree, in-order; every node whose test fails (the row goes right) clears
/// its left subtree's leaves, and the failing nodes of a feature are a prefix of its nodes sorted
/// by threshold, so there is no branch per node; the exit leaf is the lowest bit left.</item>
/// </list>
/// Trees with more than 64 leaves are walked node by node. Results equal
/// <see cref="GbmTrees.Raw"/> up to floating-point summation order. Thread-safe; scratch is per caller.
/// </summary>
public sealed class CompiledForest
{
    private const int MaskLeaves = 64;

    private readonly FeatureBins _bins;
    private readonly double[] _constant;
    // Step tables: table feature k's bin b is the row _tableRow[k] + b of _table (Slots values a row).
    private readonly int[] _tableFeature;
    private readonly int[] _tableRow;
    private readonly double[] _table;
    // QuickScorer: feature k's nodes, sorted by threshold index, are [_nodeStart[k], _nodeStart[k + 1]);
    // those failing for bin b end at _failEnd[_failStart[k] + b].
    private readonly int[] _nodeFeature;
    private readonly int[] _nodeStart;
    private readonly int[] _failStart;
    private readonly int[] _failEnd;
    private readonly int[] _nodeTree;
    private readonly ulong[] _nodeMask;
    private readonly int[] _treeSlot;
    private readonly int[] _treeLeafStart;
    private readonly double[] _leafValue;
    // Trees too large for a mask: walked over the bins.
    private readonly (int Slot, double Weight, int[] Feature, int[] Bin, int[] Left, int[] Right, double[] Leaves)[] _walked;

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
        var walked = new List<(int, double, int[], int[], int[], int[], double[])>();
        foreach (var (slot, weight, tree) in trees)
        {
            if (tree.Feature.Count == 0)
                _constant[slot] += weight * tree.Leaves[0];
            else if (tree.Feature.All(f => f == tree.Feature[0]))
                single.Add((slot, weight, tree));
            else if (tree.Leaves.Count <= MaskLeaves)
                masked.Add((slot, weight, tree));
            else
                walked.Add((slot, weight, [.. tree.Feature], [.. tree.Feature.Select((f, i) => _bins.IndexOf(f, tree.Threshold[i]))],
                    [.. tree.Left], [.. tree.Right], [.. tree.Leaves.Select(v => weight * v)]));
        }
        (_tableFeature, _tableRow, _table) = StepTables(single);
        (_nodeFeature, _nodeStart, _failStart, _failEnd, _nodeTree, _nodeMask, _treeSlot, _treeLeafStart, _leafValue) = MaskedTrees(masked);
        _walked = [.. walked];
        TreeCounts = (single.Count, masked.Count, walked.Count);
    }

    public int Width { get; }
    public int Slots { get; }

    /// <summary>Trees folded into step tables / scored by leaf masks / walked.</summary>
    public (int Folded, int Masked, int Walked) TreeCounts { get; }

    /// <summary>Scratch for <see cref="Raw"/>: one per thread.</summary>
    public Scratch NewScratch() => new(new int[Width], new ulong[_treeSlot.Length]);

    /// <summary>Per-thread buffers: a row's bins and the leaf masks.</summary>
    public sealed record Scratch(int[] Bins, ulong[] Masks);

    /// <summary>Writes every slot's raw sum for <paramref name="row"/> into <paramref name="slots"/>.</summary>
    public void Raw(ReadOnlySpan<float> row, Span<double> slots, Scratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (slots.Length != Slots)
            throw new ArgumentException($"Room for {Slots} slots is needed.", nameof(slots));
        _bins.Fill(row, scratch.Bins);
        _constant.CopyTo(slots);
        AddStepTables(scratch.Bins, slots);
        AddMaskedTrees(scratch.Bins, slots, scratch.Masks);
        foreach (var (slot, _, feature, bin, left, right, leaves) in _walked)
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

    private void AddMaskedTrees(int[] bins, Span<double> slots, ulong[] masks)
    {
        if (masks.Length == 0)
            return;
        Array.Fill(masks, ulong.MaxValue);
        for (var k = 0; k < _nodeFeature.Length; k++)
        {
            var end = _failEnd[_failStart[k] + bins[_nodeFeature[k]]];
            for (var i = _nodeStart[k]; i < end; i++)
                masks[_nodeTree[i]] &= _nodeMask[i];
        }
        for (var t = 0; t < masks.Length; t++)
            slots[_treeSlot[t]] += _leafValue[_treeLeafStart[t] + BitOperations.TrailingZeroCount(masks[t])];
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

    private (int[] NodeFeature, int[] NodeStart, int[] FailStart, int[] FailEnd, int[] NodeTree, ulong[] NodeMask, int[] TreeSlot, int[] TreeLeafStart, double[] LeafValue)
        MaskedTrees(List<(int Slot, double Weight, TreeView Tree)> trees)
    {
        var nodes = new List<(int Feature, int Bin, int Tree, ulong Mask)>();
        var treeLeafStart = new int[trees.Count];
        var leafValue = new List<double>();
        for (var t = 0; t < trees.Count; t++)
        {
            var (_, weight, tree) = trees[t];
            treeLeafStart[t] = leafValue.Count;
            var position = 0;
            InOrder(tree, 0, weight, t, ref position, leafValue, nodes);
        }
        var byFeature = nodes.GroupBy(n => n.Feature).OrderBy(g => g.Key).ToList();
        var nodeFeature = byFeature.Select(g => g.Key).ToArray();
        var nodeStart = new int[nodeFeature.Length + 1];
        var failStart = new int[nodeFeature.Length];
        var failEnd = new List<int>();
        var nodeTree = new List<int>();
        var nodeMask = new List<ulong>();
        for (var k = 0; k < nodeFeature.Length; k++)
        {
            var sorted = byFeature[k].OrderBy(n => n.Bin).ToArray();
            nodeStart[k] = nodeTree.Count;
            failStart[k] = failEnd.Count;
            // A node "bin <= j" fails for the row's bin b when j < b: the nodes before the first with j >= b.
            var end = 0;
            for (var b = 0; b < _bins.Pieces(nodeFeature[k]); b++)
            {
                while (end < sorted.Length && sorted[end].Bin < b)
                    end++;
                failEnd.Add(nodeStart[k] + end);
            }
            nodeTree.AddRange(sorted.Select(n => n.Tree));
            nodeMask.AddRange(sorted.Select(n => n.Mask));
        }
        nodeStart[^1] = nodeTree.Count;
        return (nodeFeature, nodeStart, failStart, [.. failEnd], [.. nodeTree], [.. nodeMask], [.. trees.Select(t => t.Slot)], treeLeafStart, [.. leafValue]);
    }

    // Numbers the leaves left to right and gives every node the mask that clears its left subtree's leaves.
    private void InOrder(TreeView tree, int node, double weight, int treeIndex, ref int position,
        List<double> leafValue, List<(int Feature, int Bin, int Tree, ulong Mask)> nodes)
    {
        if (node < 0)
        {
            leafValue.Add(weight * tree.Leaves[~node]);
            position++;
            return;
        }
        var first = position;
        InOrder(tree, tree.Left[node], weight, treeIndex, ref position, leafValue, nodes);
        var leftLeaves = position - first;
        var cleared = (leftLeaves == 64 ? ulong.MaxValue : (1UL << leftLeaves) - 1) << first;
        nodes.Add((tree.Feature[node], _bins.IndexOf(tree.Feature[node], tree.Threshold[node]), treeIndex, ~cleared));
        InOrder(tree, tree.Right[node], weight, treeIndex, ref position, leafValue, nodes);
    }
}
