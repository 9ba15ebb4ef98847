using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Web.Features.ModelsRegistry;

/// <summary>The reviewer's read-only view of the model registry: every version with its metrics and card, never the model bytes.</summary>
public sealed class ModelRegistryService(ModelRegistry registry, DriftAnalyzer drift, IDocumentStore store)
{
    /// <summary>The feedback loop at a glance: labelled examples per action and arm, and the latest retraining run (null before the first).</summary>
    public async Task<(IReadOnlyList<LabelCount> Labels, RetrainRun? LastRun)> LoopAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return (await TrainingExampleQueries.LabelCountsAsync(session, cancellationToken), await TrainingExampleQueries.LatestRunAsync(session, cancellationToken));
    }

    /// <summary>PSI per feature and calibration drift of <paramref name="version"/>; null when there is no such version.</summary>
    public Task<DriftReport?> DriftAsync(string version, CancellationToken cancellationToken = default) =>
        drift.AnalyzeAsync(version, cancellationToken);

    public async Task<IReadOnlyList<ModelVersionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var artifacts = await registry.ListAsync(cancellationToken: cancellationToken);
        return [.. artifacts.Select(ModelVersionSummary.From)];
    }
}

/// <summary>One registered model version as a reviewer reads it.</summary>
public sealed record ModelVersionSummary(
    string Version,
    string Kind,
    DateTimeOffset CreatedAt,
    bool IsChampion,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> Features,
    TrainingWindow TrainingWindow,
    string DataHash,
    int TrainingExamples,
    string ModelCard,
    ThresholdChoice? Threshold = null)
{
    public double? RocAuc => Metrics.TryGetValue("roc_auc", out var v) ? v : null;
    public double? PrAuc => Metrics.TryGetValue("pr_auc", out var v) ? v : null;
    public double? Brier => Metrics.TryGetValue("brier", out var v) ? v : null;

    public static ModelVersionSummary From(ModelArtifact a) => new(
        a.Version, a.Kind, a.CreatedAt, a.IsChampion, a.Metrics, a.Features, a.TrainingWindow, a.DataHash, a.TrainingExamples, a.ModelCard, a.Threshold);
}
