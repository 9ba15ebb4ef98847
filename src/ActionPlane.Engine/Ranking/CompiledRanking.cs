using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Ranking;

/// <summary>
/// The action ranker compiled for batch scoring. <see cref="ActionRankingModel.Score"/> walks every
/// tree once per action type, with that action's indicator set; here every tree is specialised to
/// each action type instead (its splits on the indicators resolved, since they are constants per
/// action), trees that never split on an indicator are kept once for all actions, and everything
/// is compiled into one <see cref="CompiledForest"/> over the account features: one slot per
/// action plus the shared one. Same scores as <see cref="ActionRankingModel.Score"/> up to
/// floating-point summation order. Thread-safe; scratch is per thread.
/// </summary>
public sealed class CompiledRanking
{
    private readonly CompiledForest _forest;

    public CompiledRanking(ActionRankingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var width = model.FeatureNames.Count;
        var actions = model.ActionTypes.Count;
        var trees = Enumerable.Range(0, model.Trees.TreeCount).Select(model.Trees.Tree).ToList();
        var byAction = trees.ToLookup(t => t.Feature.Any(f => f >= width));
        var parts = new List<(int Slot, double Weight, GbmTrees Trees)>
        {
            (actions, 1, GbmTrees.FromViews(width, model.Trees.Bias, [.. byAction[false]])),
        };
        for (var a = 0; a < actions; a++)
            parts.Add((a, 1, GbmTrees.FromViews(width, 0, [.. byAction[true].Select(t => Specialise(t, width, a))])));
        _forest = new CompiledForest(width, actions + 1, parts);
        ActionTypes = model.ActionTypes;
    }

    /// <summary>The action types, in the order of <see cref="Score"/>'s output.</summary>
    public IReadOnlyList<string> ActionTypes { get; }

    public Scratch NewScratch() => new(_forest.NewScratch(), new double[_forest.Slots]);

    /// <summary>Per-thread buffers.</summary>
    public sealed record Scratch(CompiledForest.Scratch Forest, double[] Slots);

    /// <summary>Writes one score per action type (in <see cref="ActionTypes"/> order) into <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<float> account, Span<double> scores, Scratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (scores.Length != ActionTypes.Count)
            throw new ArgumentException($"Room for {ActionTypes.Count} scores is needed.", nameof(scores));
        _forest.Raw(account, scratch.Slots, scratch.Forest);
        var shared = scratch.Slots[^1];
        for (var a = 0; a < scores.Length; a++)
            scores[a] = scratch.Slots[a] + shared;
    }

    /// <summary>The tree as it scores rows of <paramref name="action"/>: indicator i is 1 for i = action, else 0.</summary>
    private static TreeView Specialise(TreeView tree, int width, int action)
    {
        if (tree.Feature.Count == 0)
            return tree;
        List<int> feature = [], left = [], right = [];
        List<float> threshold = [];
        List<double> leaves = [];
        int Build(int node)
        {
            while (node >= 0 && tree.Feature[node] >= width)
                node = (tree.Feature[node] - width == action ? 1f : 0f) <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
            if (node < 0)
            {
                leaves.Add(tree.Leaves[~node]);
                return ~(leaves.Count - 1);
            }
            var index = feature.Count;
            feature.Add(tree.Feature[node]);
            threshold.Add(tree.Threshold[node]);
            left.Add(0);
            right.Add(0);
            left[index] = Build(tree.Left[node]);
            right[index] = Build(tree.Right[node]);
            return index;
        }
        Build(0);
        return new TreeView(feature.ToArray(), threshold.ToArray(), left.ToArray(), right.ToArray(), leaves.ToArray());
    }
}
