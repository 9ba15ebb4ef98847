using System.Text;
using System.Text.Json;
using ActionPlane.Engine.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace ActionPlane.Engine.Models;

/// <summary>
/// The churn model: LightGBM gradient-boosted trees on point-in-time features, Platt-calibrated on
/// held-out data, with per-prediction feature contributions. Thread-safe for prediction.
/// </summary>
public sealed partial class ChurnModel
{
    private const string Magic = "ActionPlane.ChurnModel/1";
    private const string ContributionsColumn = "FeatureContributions";

    private readonly MLContext _ml;
    private readonly ITransformer _pipeline;
    private readonly DataViewSchema _inputSchema;

    private ChurnModel(MLContext ml, ITransformer pipeline, DataViewSchema inputSchema, ModelVersion version,
        IReadOnlyList<string> featureNames, PlattScaling calibration, ChurnMetrics metrics)
    {
        _ml = ml;
        _pipeline = pipeline;
        _inputSchema = inputSchema;
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

    /// <summary>Predicts many snapshots in one pass (what batch scoring uses).</summary>
    public IReadOnlyList<ChurnPrediction> PredictMany(IReadOnlyList<FeatureSnapshot> snapshots, int topDrivers = 5)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
            return [];
        var (scores, contributions) = Score(snapshots.Select(s => new ChurnRow { Features = Vectorise(s) }).ToList(), withContributions: true);
        var predictions = new ChurnPrediction[snapshots.Count];
        for (var i = 0; i < snapshots.Count; i++)
        {
            var probability = Calibration.Apply(scores[i]);
            var drivers = contributions![i]
                .Select((c, f) => new FeatureContribution(FeatureNames[f], snapshots[i].Values.GetValueOrDefault(FeatureNames[f]), c))
                .Where(c => c.Contribution != 0)
                .OrderByDescending(c => Math.Abs(c.Contribution))
                .ThenBy(c => c.Feature, StringComparer.Ordinal)
                .Take(topDrivers)
                .ToList();
            predictions[i] = new ChurnPrediction(snapshots[i].AccountId, probability, RiskTiers.For(probability), drivers);
        }
        return predictions;
    }

    /// <summary>Serialises the model (trees, calibration, metadata) to bytes for the model registry.</summary>
    public byte[] Save()
    {
        using var model = new MemoryStream();
        _ml.Model.Save(_pipeline, _inputSchema, model);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(new SavedHeader(Version.ToString(), FeatureNames, Calibration.A, Calibration.B, Metrics)));
            writer.Write(model.Length);
            writer.Write(model.GetBuffer(), 0, (int)model.Length);
        }
        return buffer.ToArray();
    }

    /// <summary>Restores a model saved by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static ChurnModel Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("The bytes are not an ActionPlane churn model.");
            var header = JsonSerializer.Deserialize<SavedHeader>(reader.ReadString())
                ?? throw new InvalidDataException("The churn model header is empty.");
            if (!ModelVersion.TryParse(header.Version, out var version))
                throw new InvalidDataException($"The churn model version '{header.Version}' is malformed.");
            var length = reader.ReadInt64();
            var ml = NewContext(0);
            using var model = new MemoryStream(reader.ReadBytes(checked((int)length)));
            var pipeline = ml.Model.Load(model, out var inputSchema);
            return new ChurnModel(ml, pipeline, inputSchema, version.Value, header.FeatureNames,
                new PlattScaling(header.PlattA, header.PlattB), header.Metrics);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The churn model bytes are truncated.", e);
        }
    }

    private float[] Vectorise(FeatureSnapshot snapshot)
    {
        var vector = new float[FeatureNames.Count];
        for (var i = 0; i < vector.Length; i++)
        {
            if (!snapshot.Values.TryGetValue(FeatureNames[i], out var value))
                throw new ArgumentException($"Feature snapshot of '{snapshot.AccountId}' lacks feature '{FeatureNames[i]}'.", nameof(snapshot));
            // NaN is LightGBM's missing value, so "no CSAT yet" stays distinct from a CSAT of zero.
            vector[i] = value is { } v ? (float)v : float.NaN;
        }
        return vector;
    }

    private (double[] Scores, List<float[]>? Contributions) Score(List<ChurnRow> rows, bool withContributions)
    {
        var scored = _pipeline.Transform(_ml.Data.LoadFromEnumerable(rows, RowSchema(FeatureNames.Count)));
        var scores = scored.GetColumn<float>("Score").Select(s => (double)s).ToArray();
        var contributions = withContributions
            ? scored.GetColumn<VBuffer<float>>(ContributionsColumn).Select(v => v.DenseValues().ToArray()).ToList()
            : null;
        return (scores, contributions);
    }

    private static MLContext NewContext(int seed)
    {
        var ml = new MLContext(seed);
        // Loading a saved LightGBM model needs its assembly in ML.NET's component catalog.
        ml.ComponentCatalog.RegisterAssembly(typeof(LightGbmBinaryModelParameters).Assembly);
        return ml;
    }

    private static SchemaDefinition RowSchema(int features)
    {
        var schema = SchemaDefinition.Create(typeof(ChurnRow));
        schema[nameof(ChurnRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    private sealed record SavedHeader(string Version, IReadOnlyList<string> FeatureNames, double PlattA, double PlattB, ChurnMetrics Metrics);

    /// <summary>One ML.NET input row; ML.NET binds it by reflection.</summary>
    private sealed class ChurnRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }
}
