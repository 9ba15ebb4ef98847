using System.Numerics;

namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Trees scored the QuickScorer way (Lucchese et al., SIGIR 2015), for <see cref="CompiledForest"/>:
/// a bit mask of reachable leaves per tree, leaves numbered left to right; every node whose test
/// fails (the row goes right) clears its left subtree's leaves, and a feature's failing nodes are a
/// prefix of its nodes sorted by threshold, so there is no branch per node; the exit leaf is the
/// lowest bit left. <typeparamref name="TMask"/> is the narrowest integer with a bit per leaf
/// (a byte for the 4-leaf trees of the uplift learners keeps every mask in L1).
/// </summary>
internal sealed class LeafMaskTrees<TMask> where TMask : unmanaged, IBinaryInteger<TMask>
{
    public static readonly int MaxLeaves = System.Runtime.CompilerServices.Unsafe.SizeOf<TMask>() * 8;

    // Feature k's nodes, sorted by threshold index, are [_nodeStart[k], _nodeStart[k + 1]);
    // those failing for bin b end at _failEnd[_failStart[k] + b].
    private readonly int[] _nodeFeature;
    private readonly int[] _nodeStart;
    private readonly int[] _failStart;
    private readonly int[] _failEnd;
    private readonly int[] _nodeTree;
    private readonly TMask[] _nodeMask;
    // Trees are ordered by slot: slot s's trees are [_slotStart[s], _slotStart[s + 1]).
    private readonly int[] _slotStart;
    private readonly int[] _treeLeafStart;
    private readonly double[] _leafValue;

    public LeafMaskTrees(FeatureBins bins, int slots, IEnumerable<(int Slot, double Weight, TreeView Tree)> trees)
    {
        var ordered = trees.OrderBy(t => t.Slot).ToList();
        if (ordered.Any(t => t.Tree.Leaves.Count > MaxLeaves))
            throw new ArgumentException($"A tree has more than {MaxLeaves} leaves.", nameof(trees));
        Count = ordered.Count;
        _slotStart = new int[slots + 1];
        foreach (var tree in ordered)
            _slotStart[tree.Slot + 1]++;
        for (var s = 0; s < slots; s++)
            _slotStart[s + 1] += _slotStart[s];

        var nodes = new List<(int Feature, int Bin, int Tree, TMask Mask)>();
        _treeLeafStart = new int[ordered.Count + 1];
        var leafValue = new List<double>();
        for (var t = 0; t < ordered.Count; t++)
        {
            var (_, weight, tree) = ordered[t];
            _treeLeafStart[t] = leafValue.Count;
            var position = 0;
            InOrder(bins, tree, 0, weight, t, ref position, leafValue, nodes);
        }
        _treeLeafStart[^1] = leafValue.Count;
        _leafValue = [.. leafValue];

        var byFeature = nodes.GroupBy(n => n.Feature).OrderBy(g => g.Key).ToList();
        _nodeFeature = [.. byFeature.Select(g => g.Key)];
        _nodeStart = new int[_nodeFeature.Length + 1];
        _failStart = new int[_nodeFeature.Length];
        var failEnd = new List<int>();
        var nodeTree = new List<int>();
        var nodeMask = new List<TMask>();
        for (var k = 0; k < _nodeFeature.Length; k++)
        {
            var sorted = byFeature[k].OrderBy(n => n.Bin).ThenBy(n => n.Tree).ToArray();
            _nodeStart[k] = nodeTree.Count;
            _failStart[k] = failEnd.Count;
            // A node "bin <= j" fails for the row's bin b when j < b: the nodes before the first with j >= b.
            var end = 0;
            for (var b = 0; b < bins.Pieces(_nodeFeature[k]); b++)
            {
                while (end < sorted.Length && sorted[end].Bin < b)
                    end++;
                failEnd.Add(_nodeStart[k] + end);
            }
            nodeTree.AddRange(sorted.Select(n => n.Tree));
            nodeMask.AddRange(sorted.Select(n => n.Mask));
        }
        _nodeStart[^1] = nodeTree.Count;
        _failEnd = [.. failEnd];
        _nodeTree = [.. nodeTree];
        _nodeMask = [.. nodeMask];
    }

    public int Count { get; }

    /// <summary>Adds every tree's exit leaf to its slot; <paramref name="masks"/> needs room for <see cref="Count"/>.</summary>
    public void Add(int[] bins, Span<double> slots, TMask[] masks)
    {
        if (Count == 0)
            return;
        Array.Fill(masks, TMask.AllBitsSet);
        for (var k = 0; k < _nodeFeature.Length; k++)
        {
            var end = _failEnd[_failStart[k] + bins[_nodeFeature[k]]];
            for (var i = _nodeStart[k]; i < end; i++)
                masks[_nodeTree[i]] &= _nodeMask[i];
        }
        for (var s = 0; s < slots.Length; s++)
        {
            double sum = 0;
            for (var t = _slotStart[s]; t < _slotStart[s + 1]; t++)
                sum += _leafValue[_treeLeafStart[t] + int.CreateTruncating(TMask.TrailingZeroCount(masks[t]))];
            slots[s] += sum;
        }
    }

    // Numbers the leaves left to right and gives every node the mask that clears its left subtree's leaves.
    private static void InOrder(FeatureBins bins, TreeView tree, int node, double weight, int treeIndex, ref int position,
        List<double> leafValue, List<(int Feature, int Bin, int Tree, TMask Mask)> nodes)
    {
        if (node < 0)
        {
            leafValue.Add(weight * tree.Leaves[~node]);
            position++;
            return;
        }
        var first = position;
        InOrder(bins, tree, tree.Left[node], weight, treeIndex, ref position, leafValue, nodes);
        var cleared = TMask.Zero;
        for (var leaf = first; leaf < position; leaf++)
            cleared |= TMask.One << leaf;
        nodes.Add((tree.Feature[node], bins.IndexOf(tree.Feature[node], tree.Threshold[node]), treeIndex, ~cleared));
        InOrder(bins, tree, tree.Right[node], weight, treeIndex, ref position, leafValue, nodes);
    }
}
