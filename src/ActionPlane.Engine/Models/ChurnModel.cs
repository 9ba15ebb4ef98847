using System.Text;
using System.Text.Json;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Models;

/// <summary>
/// The churn model: LightGBM gradient-boosted trees on point-in-time features, Platt-calibrated on
/// held-out data, with per-prediction feature contributions. The trees are scored directly
/// (<see cref="GbmTrees"/>), one account at a time without ML.NET's per-call overhead.
/// Thread-safe for prediction.
/// </summary>
public sealed partial class ChurnModel
{
    // Version 1 held an ML.NET model; version 2 holds the trees themselves.
    private const string Magic = "ActionPlane.ChurnModel/2";
    private const string MagicV1 = "ActionPlane.ChurnModel/1";

    private readonly GbmTrees _trees;
    // What prediction scores with: the same trees compiled over binned features (built on first prediction).
    private readonly Lazy<CompiledContributions> _compiled;

    private ChurnModel(GbmTrees trees, ModelVersion version, IReadOnlyList<string> featureNames, PlattScaling calibration, ChurnMetrics metrics)
    {
        _trees = trees;
        _compiled = new Lazy<CompiledContributions>(() => new CompiledContributions(trees));
        Version = version;
        FeatureNames = featureNames;
        Calibration = calibration;
        Metrics = metrics;
    }

    public ModelVersion Version { get; }
    /// <summary>The model's input features, in vector order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    public PlattScaling Calibration { get; }
    public ChurnMetrics Metrics { get; }
    /// <summary>The held-out test split's calibrated predictions (only on a freshly trained model): the calibration baseline for drift.</summary>
    public Drift.HeldOutPredictions? HeldOut { get; private init; }

    public ChurnPrediction Predict(FeatureSnapshot snapshot, int topDrivers = 5) => PredictMany([snapshot], topDrivers)[0];

    /// <summary>Predicts many snapshots.</summary>
    public IReadOnlyList<ChurnPrediction> PredictMany(IReadOnlyList<FeatureSnapshot> snapshots, int topDrivers = 5)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var predictions = new ChurnPrediction[snapshots.Count];
        var scratch = NewScratch();
        for (var i = 0; i < snapshots.Count; i++)
            predictions[i] = Predict(snapshots[i], FeatureBuilder.ToVector(snapshots[i], FeatureNames), scratch, topDrivers);
        return predictions;
    }

    /// <summary>Buffers one thread reuses across <see cref="Predict(FeatureSnapshot, float[], Scratch, int)"/> calls.</summary>
    internal sealed record Scratch(double[] Contributions, int[] Bins);

    internal Scratch NewScratch() => new(new double[FeatureNames.Count], new int[FeatureNames.Count]);

    /// <summary>
    /// Predicts a snapshot already turned into <paramref name="vector"/> (in <see cref="FeatureNames"/>
    /// order): batch scoring builds the vector once for churn, uplift and ranking.
    /// </summary>
    internal ChurnPrediction Predict(FeatureSnapshot snapshot, float[] vector, Scratch scratch, int topDrivers)
    {
        Array.Clear(scratch.Contributions);
        var probability = Calibration.Apply(_compiled.Value.Raw(vector, scratch.Contributions, scratch.Bins));
        return new ChurnPrediction(snapshot.AccountId, probability, RiskTiers.For(probability), Drivers(snapshot, scratch.Contributions, topDrivers));
    }

    /// <summary>The raw (uncalibrated) score of a feature vector in <see cref="FeatureNames"/> order.</summary>
    internal double RawScore(float[] vector) => _trees.Raw(vector);

    private List<FeatureContribution> Drivers(FeatureSnapshot snapshot, double[] contributions, int top)
    {
        var drivers = new List<FeatureContribution>(top);
        for (var f = 0; f < contributions.Length; f++)
            if (contributions[f] != 0)
                drivers.Add(new FeatureContribution(FeatureNames[f], snapshot.Values.GetValueOrDefault(FeatureNames[f]), contributions[f]));
        drivers.Sort((a, b) =>
        {
            var byMagnitude = Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution));
            return byMagnitude != 0 ? byMagnitude : StringComparer.Ordinal.Compare(a.Feature, b.Feature);
        });
        if (drivers.Count > top)
            drivers.RemoveRange(top, drivers.Count - top);
        return drivers;
    }

    /// <summary>Serialises the model (trees, calibration, metadata) to bytes for the model registry.</summary>
    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(new SavedHeader(Version.ToString(), FeatureNames, Calibration.A, Calibration.B, Metrics)));
            _trees.Write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Restores a model saved by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on
    /// anything else, including a model saved in the older ML.NET format (it must be retrained).
    /// </summary>
    public static ChurnModel Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            var magic = reader.ReadString();
            if (magic == MagicV1)
                throw new InvalidDataException("The churn model was saved in the older ML.NET format; train a new one.");
            if (magic != Magic)
                throw new InvalidDataException("The bytes are not an ActionPlane churn model.");
            var header = JsonSerializer.Deserialize<SavedHeader>(reader.ReadString())
                ?? throw new InvalidDataException("The churn model header is empty.");
            if (!ModelVersion.TryParse(header.Version, out var version))
                throw new InvalidDataException($"The churn model version '{header.Version}' is malformed.");
            var trees = GbmTrees.Read(reader);
            if (trees.Width != header.FeatureNames.Count)
                throw new InvalidDataException($"The churn model's trees take {trees.Width} features, its header names {header.FeatureNames.Count}.");
            return new ChurnModel(trees, version.Value, header.FeatureNames, new PlattScaling(header.PlattA, header.PlattB), header.Metrics);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException("The churn model bytes are truncated or malformed.", e);
        }
    }

    private sealed record SavedHeader(string Version, IReadOnlyList<string> FeatureNames, double PlattA, double PlattB, ChurnMetrics Metrics);
}
