using System.Text;
using System.Text.Json;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// A trained uplift model of one action type: an ensemble of one learner's fits, each on a random
/// half of the training rows. The prediction is the members' mean; its standard error is the
/// members' standard deviation, which by the half-sampling argument approximates the standard
/// error of one fit on all rows (so it is conservative for the mean of the members).
/// Thread-safe for prediction; scoring a row allocates nothing.
/// </summary>
public sealed class UpliftModel
{
    private const string Magic = "ActionPlane.UpliftModel/1";

    private readonly UpliftPredictor[] _members;

    public UpliftModel(string actionType, ModelVersion version, UpliftLearner learner, IReadOnlyList<string> featureNames,
        IReadOnlyList<UpliftPredictor> members, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actionType);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(metrics);
        if (members.Count == 0 || members.Any(m => m.Width != featureNames.Count))
            throw new ArgumentException($"An uplift model needs at least one member taking {featureNames.Count} features.", nameof(members));
        ActionType = actionType;
        Version = version;
        Learner = learner;
        FeatureNames = featureNames;
        _members = [.. members];
        Metrics = metrics;
    }

    public string ActionType { get; }
    public ModelVersion Version { get; }
    public UpliftLearner Learner { get; }
    /// <summary>The model's input features, in vector order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    public int Members => _members.Length;
    internal IReadOnlyList<UpliftPredictor> MemberPredictors => _members;
    /// <summary>Held-out metrics (qini_auc, uplift_auc, uplift_at_30, …) measured when it was trained.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    public UpliftEstimate Predict(ReadOnlySpan<float> row)
    {
        double sum = 0, sumOfSquares = 0;
        foreach (var member in _members)
        {
            var u = member.Predict(row);
            sum += u;
            sumOfSquares += u * u;
        }
        var n = _members.Length;
        var mean = sum / n;
        var variance = n > 1 ? Math.Max(0, (sumOfSquares - n * mean * mean) / (n - 1)) : 0;
        return new UpliftEstimate(mean, Math.Sqrt(variance));
    }

    /// <summary>The members' mean uplift per row.</summary>
    public double[] PredictMany(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new double[rows.Count];
        for (var r = 0; r < result.Length; r++)
            result[r] = Predict(rows[r]).Uplift;
        return result;
    }

    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(new SavedHeader(ActionType, Version.ToString(), Learner, FeatureNames, Metrics)));
            writer.Write(_members.Length);
            foreach (var member in _members)
                member.Write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>Restores a model saved by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static UpliftModel Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("The bytes are not an ActionPlane uplift model.");
            var header = JsonSerializer.Deserialize<SavedHeader>(reader.ReadString())
                ?? throw new InvalidDataException("The uplift model header is empty.");
            if (!ModelVersion.TryParse(header.Version, out var version))
                throw new InvalidDataException($"The uplift model version '{header.Version}' is malformed.");
            var count = reader.ReadInt32();
            if (count is < 1 or > 1000)
                throw new InvalidDataException($"The uplift model has {count} members.");
            var members = new UpliftPredictor[count];
            for (var i = 0; i < count; i++)
                members[i] = UpliftPredictor.Read(reader);
            return new UpliftModel(header.ActionType, version.Value, header.Learner, header.FeatureNames, members, header.Metrics);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The uplift model bytes are malformed: {e.Message}", e);
        }
    }

    private sealed record SavedHeader(string ActionType, string Version, UpliftLearner Learner, IReadOnlyList<string> FeatureNames, IReadOnlyDictionary<string, double> Metrics);
}
