using Microsoft.ML.Trainers.FastTree;

namespace ActionPlane.Engine.Tabular;

/// <summary>
/// A trained LightGBM tree ensemble copied out of ML.NET into flat arrays, so one row is scored
/// with a few array reads per tree and no allocation (ML.NET's per-call prediction engine costs
/// tens of microseconds). Missing values (NaN) are mapped to <see cref="Missing"/> both when
/// fitting and when scoring, so "missing" is a value below every real one that trees can split
/// off, and the result does not depend on how a runtime routes NaN.
/// </summary>
public sealed class GbmTrees
{
    /// <summary>What NaN becomes before LightGBM or this class sees it.</summary>
    public const float Missing = -1e30f;

    private const string Magic = "ActionPlane.GbmTrees/1";

    // Tree t owns nodes [_nodeStart[t], _nodeStart[t + 1]) and leaves [_leafStart[t], _leafStart[t + 1]).
    // A child index < 0 is the leaf ~child of the same tree.
    private readonly int[] _nodeStart;
    private readonly int[] _leafStart;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leafValue;

    private GbmTrees(int width, double bias, GbmLink link, double slope, double offset,
        int[] nodeStart, int[] leafStart, int[] feature, float[] threshold, int[] left, int[] right, double[] leafValue)
    {
        Width = width;
        Bias = bias;
        Link = link;
        Slope = slope;
        Offset = offset;
        _nodeStart = nodeStart;
        _leafStart = leafStart;
        _feature = feature;
        _threshold = threshold;
        _left = left;
        _right = right;
        _leafValue = leafValue;
    }

    /// <summary>Features per row.</summary>
    public int Width { get; }
    public double Bias { get; }
    public GbmLink Link { get; }
    /// <summary>With <see cref="GbmLink.Logistic"/>: p = 1 / (1 + exp(Slope · raw + Offset)).</summary>
    public double Slope { get; }
    public double Offset { get; }
    public int TreeCount => _nodeStart.Length - 1;

    /// <summary>True when every tree is a single split (or a constant) and the link is the identity: the ensemble is then additive per feature.</summary>
    public bool IsAdditiveStumps => Link == GbmLink.Identity && Enumerable.Range(0, TreeCount).All(t => _nodeStart[t + 1] - _nodeStart[t] <= 1);

    /// <summary>The stumps of an additive ensemble, leaf values scaled by <paramref name="weight"/>: (feature, threshold, left, right); constants as feature −1.</summary>
    internal IEnumerable<(int Feature, float Threshold, double Left, double Right)> Stumps(double weight)
    {
        if (!IsAdditiveStumps)
            throw new InvalidOperationException("Not an ensemble of stumps.");
        yield return (-1, 0, weight * Bias, weight * Bias);
        for (var t = 0; t < TreeCount; t++)
        {
            var leaves = _leafStart[t];
            if (_nodeStart[t + 1] == _nodeStart[t])
                yield return (-1, 0, weight * _leafValue[leaves], weight * _leafValue[leaves]);
            else
            {
                var i = _nodeStart[t];
                yield return (_feature[i], _threshold[i], weight * _leafValue[leaves + ~_left[i]], weight * _leafValue[leaves + ~_right[i]]);
            }
        }
    }

    /// <summary>Tree <paramref name="t"/>'s nodes and weighted leaf values, for compilers such as <see cref="CompiledForest"/>.</summary>
    internal TreeView Tree(int t) => new(
        new ArraySegment<int>(_feature, _nodeStart[t], _nodeStart[t + 1] - _nodeStart[t]),
        new ArraySegment<float>(_threshold, _nodeStart[t], _nodeStart[t + 1] - _nodeStart[t]),
        new ArraySegment<int>(_left, _nodeStart[t], _nodeStart[t + 1] - _nodeStart[t]),
        new ArraySegment<int>(_right, _nodeStart[t], _nodeStart[t + 1] - _nodeStart[t]),
        new ArraySegment<double>(_leafValue, _leafStart[t], _leafStart[t + 1] - _leafStart[t]));

    /// <summary>An ensemble of the given trees (e.g. trees specialised by a compiler), identity link.</summary>
    internal static GbmTrees FromViews(int width, double bias, IReadOnlyList<TreeView> trees)
    {
        var nodeStart = new int[trees.Count + 1];
        var leafStart = new int[trees.Count + 1];
        for (var t = 0; t < trees.Count; t++)
        {
            if (trees[t].Feature.Any(f => f < 0 || f >= width))
                throw new ArgumentException($"Tree {t} splits on a feature outside 0..{width - 1}.", nameof(trees));
            nodeStart[t + 1] = nodeStart[t] + trees[t].Feature.Count;
            leafStart[t + 1] = leafStart[t] + trees[t].Leaves.Count;
        }
        return new GbmTrees(width, bias, GbmLink.Identity, -1, 0, nodeStart, leafStart,
            [.. trees.SelectMany(t => t.Feature)], [.. trees.SelectMany(t => t.Threshold)], [.. trees.SelectMany(t => t.Left)],
            [.. trees.SelectMany(t => t.Right)], [.. trees.SelectMany(t => t.Leaves)]);
    }

    /// <summary>A model without trees: every row gets <paramref name="bias"/> before the link (for the logistic link, p = σ(bias)).</summary>
    public static GbmTrees Constant(int width, double bias, GbmLink link) =>
        new(width, bias, link, -1, 0, [0], [0], [], [], [], [], []);

    /// <summary>Copies the trees of an ML.NET tree ensemble (LightGBM or FastTree).</summary>
    public static GbmTrees From(RegressionTreeEnsemble ensemble, int width, GbmLink link = GbmLink.Identity, double slope = -1, double offset = 0)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var trees = ensemble.Trees;
        var nodeStart = new int[trees.Count + 1];
        var leafStart = new int[trees.Count + 1];
        List<int> feature = [], left = [], right = [];
        List<float> threshold = [];
        List<double> leafValue = [];
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var weight = ensemble.TreeWeights[t];
            if (tree.CategoricalSplitFlags.Any(f => f))
                throw new NotSupportedException("Categorical splits are not supported; features are one-hot encoded.");
            nodeStart[t] = feature.Count;
            leafStart[t] = leafValue.Count;
            feature.AddRange(tree.NumericalSplitFeatureIndexes);
            threshold.AddRange(tree.NumericalSplitThresholds);
            left.AddRange(tree.LeftChild);
            right.AddRange(tree.RightChild);
            leafValue.AddRange(tree.LeafValues.Select(v => v * weight));
        }
        nodeStart[^1] = feature.Count;
        leafStart[^1] = leafValue.Count;
        return new GbmTrees(width, ensemble.Bias, link, slope, offset, nodeStart, leafStart,
            [.. feature], [.. threshold], [.. left], [.. right], [.. leafValue]);
    }

    /// <summary>
    /// This logistic ensemble with <paramref name="shift"/>'s raw output added to its log-odds, as one
    /// ensemble (the trees of both, the shift's leaves rescaled through the link), so any tree scorer
    /// serves it: p'(x) = σ(logit p(x) + shift(x)).
    /// </summary>
    public GbmTrees WithLogOddsShift(GbmTrees shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        if (Link != GbmLink.Logistic || shift.Link != GbmLink.Identity || shift.Width != Width || Slope == 0)
            throw new ArgumentException("A log-odds shift needs a logistic ensemble and an identity ensemble of the same width.", nameof(shift));
        // p = 1 / (1 + exp(Slope·raw + Offset)), so logit p = −(Slope·raw + Offset): adding s to the logit adds −s / Slope to raw.
        var scale = -1 / Slope;
        var nodes = _feature.Length;
        var leaves = _leafValue.Length;
        return new GbmTrees(Width, Bias + scale * shift.Bias, Link, Slope, Offset,
            [.. _nodeStart[..^1], .. shift._nodeStart.Select(n => n + nodes)],
            [.. _leafStart[..^1], .. shift._leafStart.Select(l => l + leaves)],
            [.. _feature, .. shift._feature], [.. _threshold, .. shift._threshold],
            [.. _left, .. shift._left], [.. _right, .. shift._right],
            [.. _leafValue, .. shift._leafValue.Select(v => v * scale)]);
    }

    /// <summary>The sum of the trees' outputs (plus bias), before the link.</summary>
    public double Raw(ReadOnlySpan<float> row)
    {
        if (row.Length != Width)
            throw new ArgumentException($"A row of {row.Length} features; the model takes {Width}.", nameof(row));
        var sum = Bias;
        for (var t = 0; t < _nodeStart.Length - 1; t++)
        {
            var nodes = _nodeStart[t];
            if (nodes == _nodeStart[t + 1])
            {
                sum += _leafValue[_leafStart[t]];
                continue;
            }
            var node = 0;
            while (node >= 0)
            {
                var i = nodes + node;
                node = Value(row, _feature[i]) <= _threshold[i] ? _left[i] : _right[i];
            }
            sum += _leafValue[_leafStart[t] + ~node];
        }
        return sum;
    }

    /// <summary>
    /// Adds each feature's contribution to the raw score of <paramref name="row"/> into
    /// <paramref name="contributions"/> (indexed by feature): for every split on the row's path, the
    /// row's leaf value minus the leaf it would reach had that split gone the other way (the
    /// attribution ML.NET's feature-contribution transform uses for tree ensembles).
    /// </summary>
    public void AddContributions(ReadOnlySpan<float> row, Span<double> contributions)
    {
        if (row.Length != Width || contributions.Length != Width)
            throw new ArgumentException($"Expected {Width} features and {Width} contributions.");
        Span<int> otherWays = stackalloc int[64];
        Span<int> features = stackalloc int[64];
        for (var t = 0; t < _nodeStart.Length - 1; t++)
        {
            var nodes = _nodeStart[t];
            if (nodes == _nodeStart[t + 1])
                continue;
            var depth = 0;
            var node = 0;
            while (node >= 0)
            {
                var i = nodes + node;
                var goLeft = Value(row, _feature[i]) <= _threshold[i];
                if (depth < otherWays.Length)
                {
                    otherWays[depth] = goLeft ? _right[i] : _left[i];
                    features[depth++] = _feature[i];
                }
                node = goLeft ? _left[i] : _right[i];
            }
            var leaf = _leafValue[_leafStart[t] + ~node];
            for (var d = 0; d < depth; d++)
                contributions[features[d]] += leaf - _leafValue[_leafStart[t] + ~LeafFrom(row, nodes, otherWays[d])];
        }
    }

    private int LeafFrom(ReadOnlySpan<float> row, int nodes, int node)
    {
        while (node >= 0)
        {
            var i = nodes + node;
            node = Value(row, _feature[i]) <= _threshold[i] ? _left[i] : _right[i];
        }
        return node;
    }

    private static float Value(ReadOnlySpan<float> row, int feature)
    {
        var value = row[feature];
        return float.IsNaN(value) ? Missing : value;
    }

    /// <summary>The prediction: a probability with <see cref="GbmLink.Logistic"/>, else the raw sum.</summary>
    public double Predict(ReadOnlySpan<float> row)
    {
        var raw = Raw(row);
        return Link == GbmLink.Logistic ? 1 / (1 + Math.Exp(Slope * raw + Offset)) : raw;
    }

    public double[] PredictMany(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new double[rows.Count];
        for (var r = 0; r < result.Length; r++)
            result[r] = Predict(rows[r]);
        return result;
    }

    /// <summary>A copy of <paramref name="rows"/> with NaN replaced by <see cref="Missing"/> (what LightGBM is fitted on).</summary>
    public static float[][] WithMissingMarked(float[][] rows) =>
        rows.Select(row => row.Select(v => float.IsNaN(v) ? Missing : v).ToArray()).ToArray();

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Magic);
        writer.Write(Width);
        writer.Write(Bias);
        writer.Write((int)Link);
        writer.Write(Slope);
        writer.Write(Offset);
        WriteArray(writer, _nodeStart, writer.Write);
        WriteArray(writer, _leafStart, writer.Write);
        WriteArray(writer, _feature, writer.Write);
        WriteArray(writer, _threshold, writer.Write);
        WriteArray(writer, _left, writer.Write);
        WriteArray(writer, _right, writer.Write);
        WriteArray(writer, _leafValue, writer.Write);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static GbmTrees Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("The bytes are not an ActionPlane tree ensemble.");
            var width = reader.ReadInt32();
            var bias = reader.ReadDouble();
            var link = (GbmLink)reader.ReadInt32();
            var slope = reader.ReadDouble();
            var offset = reader.ReadDouble();
            var trees = new GbmTrees(width, bias, link, slope, offset,
                ReadArray(reader, reader.ReadInt32), ReadArray(reader, reader.ReadInt32), ReadArray(reader, reader.ReadInt32),
                ReadArray(reader, reader.ReadSingle), ReadArray(reader, reader.ReadInt32), ReadArray(reader, reader.ReadInt32),
                ReadArray(reader, reader.ReadDouble));
            if (trees._feature.Any(f => f < 0 || f >= width) || trees._nodeStart[^1] != trees._feature.Length || trees._leafStart[^1] != trees._leafValue.Length)
                throw new InvalidDataException("The tree ensemble is inconsistent.");
            return trees;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The tree ensemble bytes are truncated.", e);
        }
    }

    private static void WriteArray<T>(BinaryWriter writer, T[] values, Action<T> write)
    {
        writer.Write(values.Length);
        foreach (var value in values)
            write(value);
    }

    private static T[] ReadArray<T>(BinaryReader reader, Func<T> read)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > 50_000_000)
            throw new InvalidDataException($"Array length {length} is out of range.");
        var values = new T[length];
        for (var i = 0; i < length; i++)
            values[i] = read();
        return values;
    }
}

/// <summary>
/// One tree of a <see cref="GbmTrees"/>: node i tests <c>row[Feature[i]] &lt;= Threshold[i]</c> and goes
/// to Left[i] or Right[i]; a child index c &lt; 0 is leaf ~c. A tree without nodes is its one leaf.
/// </summary>
internal readonly record struct TreeView(ArraySegment<int> Feature, ArraySegment<float> Threshold, ArraySegment<int> Left, ArraySegment<int> Right,
    ArraySegment<double> Leaves);

/// <summary>How a tree ensemble's raw sum becomes its prediction.</summary>
public enum GbmLink { Identity, Logistic }
