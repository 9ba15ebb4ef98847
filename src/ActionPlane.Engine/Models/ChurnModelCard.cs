using System.Globalization;
using System.Text;

namespace ActionPlane.Engine.Models;

/// <summary>Builds the churn model's registry artifact and its short model card.</summary>
public static class ChurnModelCard
{
    public const string Kind = "churn";

    /// <summary>The card's limitation line for models trained on the generator's synthetic cohorts (the demo, the benchmarks).</summary>
    public const string SyntheticLimitation = "trained on synthetic data";

    /// <param name="dataLimitation">What the training data leaves out, for the card's limitations line (default: <see cref="SyntheticLimitation"/>).</param>
    public static ModelArtifact ToArtifact(ChurnModel model, IReadOnlyList<ChurnExample> examples, TrainingWindow window,
        string dataDescription, DateTimeOffset createdAt, string dataLimitation = SyntheticLimitation) => new()
    {
        Id = model.Version.ToString(),
        Kind = Kind,
        Version = model.Version.ToString(),
        CreatedAt = createdAt,
        Metrics = model.Metrics.ToDictionary(),
        Features = model.FeatureNames,
        TrainingWindow = window,
        DataHash = ChurnExample.HashOf(examples),
        TrainingExamples = examples.Count,
        ModelCard = Write(model, window, dataDescription, dataLimitation),
        Bytes = model.Save(),
        DriftBaseline = Drift.DriftBaseline.Capture(examples, model.HeldOut),
    };

    public static string Write(ChurnModel model, TrainingWindow window, string dataDescription, string dataLimitation = SyntheticLimitation)
    {
        var m = model.Metrics;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Churn model {model.Version}");
        text.AppendLine("Predicts the probability that an account churns within 90 days of the scoring day.");
        text.AppendLine(c, $"- Model: LightGBM gradient-boosted trees, Platt-calibrated on a held-out split; {model.FeatureNames.Count} point-in-time features.");
        text.AppendLine(c, $"- Data: {dataDescription}");
        text.AppendLine(c, $"- Window: signals from {window.SignalsFrom:yyyy-MM-dd}, features as of {window.FeaturesAsOf:yyyy-MM-dd}, labels until {window.LabelsUntil:yyyy-MM-dd}.");
        text.AppendLine(c, $"- Held-out test ({m.TestCount} accounts, churn rate {m.TestPositiveRate:P0}): ROC-AUC {m.RocAuc:F3}, PR-AUC {m.PrAuc:F3}, Brier {m.Brier:F3}, log-loss {m.LogLoss:F3}.");
        text.AppendLine(c, $"- Risk tiers: Low < {RiskTiers.MediumFrom:P0} ≤ Medium < {RiskTiers.HighFrom:P0} ≤ High.");
        text.AppendLine("- Explanations: per-prediction feature contributions to the raw score (positive = towards churn).");
        text.AppendLine(c, $"- Limitations: {dataLimitation}; contributions explain the model, not causes; missing CSAT or NPS is treated as unknown, not as zero.");
        return text.ToString();
    }
}
