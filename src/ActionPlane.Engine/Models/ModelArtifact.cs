namespace ActionPlane.Engine.Models;

/// <summary>
/// A trained model as a Marten document (id = version): what it is, how good it was on held-out
/// data, what it was trained on, a model card for reviewers, and the serialised model itself.
/// </summary>
public sealed record ModelArtifact
{
    /// <summary>The version text, e.g. <c>churn-20261123-1</c>.</summary>
    public required string Id { get; init; }
    /// <summary>churn | uplift/&lt;action&gt; | ranking</summary>
    public required string Kind { get; init; }
    public required string Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The one artifact of its kind that scoring uses.</summary>
    public bool IsChampion { get; init; }
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required TrainingWindow TrainingWindow { get; init; }
    /// <summary>Hash of the training examples (features and labels), to tell whether two models saw the same data.</summary>
    public required string DataHash { get; init; }
    public required int TrainingExamples { get; init; }
    /// <summary>Short Markdown model card: purpose, data, metrics, tiers, limitations.</summary>
    public required string ModelCard { get; init; }
    public required byte[] Bytes { get; init; }
    /// <summary>Training-time feature distributions and reliability curve, for drift; null on versions trained before it was kept.</summary>
    public Drift.DriftBaseline? DriftBaseline { get; init; }
    /// <summary>The decision threshold chosen for a churn model, with its precision–recall curve; null when none was chosen.</summary>
    public ThresholdChoice? Threshold { get; init; }
}

/// <summary>When the training data was observed: features from signals before <see cref="FeaturesAsOf"/>, labels up to <see cref="LabelsUntil"/>.</summary>
public sealed record TrainingWindow(DateOnly SignalsFrom, DateOnly FeaturesAsOf, DateOnly LabelsUntil);
