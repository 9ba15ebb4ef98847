using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using Marten;

namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// Measures drift of a model version: PSI of each feature over the accounts it currently scores
/// (their <see cref="AccountScore"/> snapshots) against the training baseline stored with the
/// version, and the reliability of the churn probabilities its proposals carried against the
/// outcomes observed since (churned = 1, renewed or retained = 0).
/// </summary>
public sealed class DriftAnalyzer(IDocumentStore store, TimeProvider time)
{
    private static readonly HashSet<string> Churned = new([OutcomeKinds.Churned], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Stayed = new([OutcomeKinds.Retained, "renewed"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The report, or null when the registry has no such version.</summary>
    public async Task<DriftReport?> AnalyzeAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        await using var session = store.QuerySession();
        var artifact = await session.LoadAsync<ModelArtifact>(version, cancellationToken);
        if (artifact is null)
            return null;

        var scores = await session.Query<AccountScore>().Where(s => s.ModelVersion == version).ToListAsync(cancellationToken);
        var baseline = artifact.DriftBaseline;
        var features = baseline is null ? [] : baseline.Features.Select(f => Compare(f, scores)).OrderByDescending(f => f.Psi).ToList();
        var recent = await RecentCalibrationAsync(session, version, cancellationToken);
        return new DriftReport(version, time.GetUtcNow(), baseline is not null, scores.Count, features, baseline?.Calibration, recent);
    }

    private static FeaturePsi Compare(FeatureBaseline baseline, IReadOnlyList<AccountScore> scores)
    {
        var (actual, missing) = baseline.Distribute([.. scores.Select(s => s.Features.Values.GetValueOrDefault(baseline.Feature))]);
        IReadOnlyList<double> expected = [.. baseline.Proportions, baseline.MissingProportion];
        IReadOnlyList<double> current = [.. actual, missing];
        var psi = scores.Count == 0 ? 0 : Psi.Compute(expected, current);
        return new FeaturePsi(baseline.Feature, psi, Psi.Band(psi), baseline.Edges, expected, current);
    }

    private static async Task<ReliabilityCurve?> RecentCalibrationAsync(IQuerySession session, string version, CancellationToken cancellationToken)
    {
        var proposed = await session.Events.QueryRawEventDataOnly<ActionProposed>()
            .Where(p => p.ModelVersion == version).ToListAsync(cancellationToken);
        if (proposed.Count == 0)
            return null;
        var ids = proposed.Select(p => p.ProposalId).ToArray();
        var outcomes = await session.Events.QueryRawEventDataOnly<OutcomeObserved>().Where(o => ids.Contains(o.ProposalId)).ToListAsync(cancellationToken);
        // The latest churn-relevant outcome per proposal is its label.
        var labels = outcomes
            .Where(o => Churned.Contains(o.Outcome) || Stayed.Contains(o.Outcome))
            .GroupBy(o => o.ProposalId)
            .ToDictionary(g => g.Key, g => Churned.Contains(g.MaxBy(o => o.At)!.Outcome));
        var labelled = proposed.Where(p => labels.ContainsKey(p.ProposalId)).ToList();
        return labelled.Count == 0
            ? null
            : ReliabilityCurve.Of([.. labelled.Select(p => p.Scores.ChurnProbability)], [.. labelled.Select(p => labels[p.ProposalId])]);
    }
}
