using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Uplift;

/// <summary>Builds an uplift model's registry artifact (kind <c>uplift/&lt;action&gt;</c>) and its short model card.</summary>
public static class UpliftModelCard
{
    public const string KindPrefix = "uplift/";

    public static string KindOf(string actionType) => KindPrefix + actionType;

    /// <param name="dataHash">Fingerprint of the training rows (see <see cref="HashOf"/>).</param>
    public static ModelArtifact ToArtifact(UpliftModel model, string dataHash, int examples, TrainingWindow window, string dataDescription, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelArtifact
        {
            Id = model.Version.ToString(),
            Kind = KindOf(model.ActionType),
            Version = model.Version.ToString(),
            CreatedAt = createdAt,
            Metrics = model.Metrics.Where(kv => double.IsFinite(kv.Value)).ToDictionary(),
            Features = model.FeatureNames,
            TrainingWindow = window,
            DataHash = dataHash,
            TrainingExamples = examples,
            ModelCard = Write(model, dataDescription),
            Bytes = model.Save(),
        };
    }

    /// <summary>Order-independent hash of (feature row, treated, outcome) triples.</summary>
    public static string HashOf(IReadOnlyList<float[]> x, IReadOnlyList<bool> treated, IReadOnlyList<bool> outcome)
    {
        var lines = x.Select((row, i) => string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + $"|{(treated[i] ? 1 : 0)}{(outcome[i] ? 1 : 0)}")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))))[..16];
    }

    public static string Write(UpliftModel model, string dataDescription)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = CultureInfo.InvariantCulture;
        string Metric(string name) => model.Metrics.TryGetValue(name, out var v) && double.IsFinite(v) ? v.ToString("F4", c) : "n/a";
        var text = new StringBuilder();
        text.AppendLine(c, $"# Uplift model {model.Version}");
        text.AppendLine(c, $"Predicts how much `{model.ActionType}` raises an account's probability of being retained over 90 days (negative = it harms).");
        text.AppendLine(c, $"- Model: {model.Learner}-learner on LightGBM, {model.Members} fits on random halves of the training rows; the uplift is their mean, its standard error their standard deviation.");
        text.AppendLine(c, $"- Data: {dataDescription}");
        text.AppendLine(c, $"- Held-out test: normalised Qini {Metric("qini_auc")} (oracle {Metric("oracle_qini_auc")}), uplift AUC {Metric("uplift_auc")}, uplift@30% {Metric("uplift_at_30")}.");
        text.AppendLine("- Limitations: learned from a randomised experiment; for logged (non-randomised) decisions the propensities must be known. The uplift of one account is uncertain: use the standard error.");
        return text.ToString();
    }
}
