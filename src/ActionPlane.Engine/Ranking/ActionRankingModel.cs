using System.Text;
using System.Text.Json;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Ranking;

/// <summary>
/// Orders the action types for one account: LightGBM LambdaRank over rows of (account features,
/// one-hot action type), one query per account, relevance graded from how much each action helps
/// that account (<see cref="Grade"/>). Only the order within one account is meaningful.
/// Thread-safe; scoring an account allocates nothing.
/// </summary>
public sealed class ActionRankingModel
{
    public const string Kind = "ranking";
    private const string Magic = "ActionPlane.ActionRankingModel/1";

    private readonly GbmTrees _trees;

    public ActionRankingModel(ModelVersion version, IReadOnlyList<string> actionTypes, IReadOnlyList<string> featureNames, GbmTrees trees,
        IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(actionTypes);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(trees);
        if (trees.Width != featureNames.Count + actionTypes.Count)
            throw new ArgumentException($"The trees take {trees.Width} features, not {featureNames.Count} account features + {actionTypes.Count} action types.", nameof(trees));
        Version = version;
        ActionTypes = actionTypes;
        FeatureNames = featureNames;
        _trees = trees;
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
    }

    public ModelVersion Version { get; }
    /// <summary>The action types it ranks, in the order of <see cref="Score"/>'s output.</summary>
    public IReadOnlyList<string> ActionTypes { get; }
    /// <summary>The account features, in vector order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>Held-out NDCG@k measured when it was trained.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }
    /// <summary>The trees, over the account features then one indicator per action type.</summary>
    internal GbmTrees Trees => _trees;

    /// <summary>Relevance grade of an action for an account from its uplift on retention: 0 (no help) to 4 (≥ 10 points).</summary>
    public static float Grade(double uplift) => uplift switch { < 0.005 => 0, < 0.02 => 1, < 0.05 => 2, < 0.10 => 3, _ => 4 };

    /// <summary>Writes one score per action type (in <see cref="ActionTypes"/> order) into <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<float> account, Span<double> scores)
    {
        if (account.Length != FeatureNames.Count || scores.Length != ActionTypes.Count)
            throw new ArgumentException($"Expected {FeatureNames.Count} features and room for {ActionTypes.Count} scores.");
        Span<float> row = stackalloc float[_trees.Width];
        account.CopyTo(row);
        var first = FeatureNames.Count;
        for (var a = 0; a < ActionTypes.Count; a++)
        {
            row[first + a] = 1;
            scores[a] = _trees.Raw(row);
            row[first + a] = 0;
        }
    }

    /// <summary>
    /// Trains on accounts (one query each) with the uplift of every action type per account;
    /// NDCG@1/3 on a held-out fifth of the accounts become the metrics.
    /// </summary>
    public static ActionRankingModel Train(ModelVersion version, IReadOnlyList<string> actionTypes, IReadOnlyList<string> featureNames,
        IReadOnlyList<float[]> accounts, IReadOnlyList<double[]> uplift, RankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(uplift);
        ArgumentNullException.ThrowIfNull(options);
        if (accounts.Count < 10 || accounts.Count != uplift.Count || uplift.Any(u => u.Length != actionTypes.Count))
            throw new ArgumentException($"At least 10 accounts, each with one uplift per action type ({actionTypes.Count}), are needed.", nameof(uplift));
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, accounts.Count).ToArray();
        rng.Shuffle(order);
        var held = order[..(accounts.Count / 5)];
        var kept = order[(accounts.Count / 5)..];
        var (trainRows, trainLabels) = Rows(kept, accounts, uplift, actionTypes.Count);
        var trees = LambdaRanker.Fit(trainRows, trainLabels, [.. kept.Select(_ => actionTypes.Count)], options);
        var model = new ActionRankingModel(version, actionTypes, featureNames, trees, new Dictionary<string, double>());

        var (testRows, testLabels) = Rows(held, accounts, uplift, actionTypes.Count);
        var scores = new double[testRows.Length];
        var buffer = new double[actionTypes.Count];
        for (var q = 0; q < held.Length; q++)
        {
            model.Score(accounts[held[q]], buffer);
            buffer.CopyTo(scores, q * actionTypes.Count);
        }
        var groups = held.Select(_ => actionTypes.Count).ToArray();
        var metrics = new Dictionary<string, double>
        {
            ["ndcg@1"] = Ndcg.At(1, testLabels, scores, groups),
            ["ndcg@3"] = Ndcg.At(3, testLabels, scores, groups),
            ["train_accounts"] = kept.Length,
            ["test_accounts"] = held.Length,
        };
        return new ActionRankingModel(version, actionTypes, featureNames, trees, metrics);
    }

    private static (float[][] Rows, float[] Labels) Rows(int[] accountIndices, IReadOnlyList<float[]> accounts, IReadOnlyList<double[]> uplift, int actions)
    {
        var rows = new float[accountIndices.Length * actions][];
        var labels = new float[rows.Length];
        var r = 0;
        foreach (var i in accountIndices)
            for (var a = 0; a < actions; a++, r++)
            {
                var row = new float[accounts[i].Length + actions];
                accounts[i].CopyTo(row, 0);
                row[accounts[i].Length + a] = 1;
                rows[r] = row;
                labels[r] = Grade(uplift[i][a]);
            }
        return (rows, labels);
    }

    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(new SavedHeader(Version.ToString(), ActionTypes, FeatureNames, Metrics)));
            _trees.Write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>Restores a model saved by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static ActionRankingModel Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("The bytes are not an ActionPlane action ranking model.");
            var header = JsonSerializer.Deserialize<SavedHeader>(reader.ReadString())
                ?? throw new InvalidDataException("The ranking model header is empty.");
            if (!ModelVersion.TryParse(header.Version, out var version))
                throw new InvalidDataException($"The ranking model version '{header.Version}' is malformed.");
            return new ActionRankingModel(version.Value, header.ActionTypes, header.FeatureNames, GbmTrees.Read(reader), header.Metrics);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The ranking model bytes are malformed: {e.Message}", e);
        }
    }

    private sealed record SavedHeader(string Version, IReadOnlyList<string> ActionTypes, IReadOnlyList<string> FeatureNames, IReadOnlyDictionary<string, double> Metrics);
}
