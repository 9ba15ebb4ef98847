using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// Measures drift of a model version: PSI of each feature over the accounts it currently scores
/// (their <see cref="AccountScore"/> snapshots) against the training baseline stored with the
/// version, and the reliability of the churn probabilities its proposals carried against the
/// outcomes observed since (churned = 1, renewed or retained = 0; one per account and week), overall and per ISO week of decision
/// (ROC-AUC, PR-AUC, ECE), with the ROC-AUC of the last <see cref="RecentAuc.DefaultWeeks"/> weeks against
/// the training ROC-AUC.
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

        // The feature values only: a score's drivers and uplift per action are not needed for PSI.
        var scores = await session.Query<AccountScore>().Where(s => s.ModelVersion == version).Select(s => s.Features.Values).ToListAsync(cancellationToken);
        var baseline = artifact.DriftBaseline;
        var features = baseline is null ? [] : baseline.Features.Select(f => Compare(f, scores)).OrderByDescending(f => f.Psi).ToList();
        var labelled = await LabelledPredictionsAsync(session, version, cancellationToken);
        var recent = labelled.Count == 0
            ? null
            : ReliabilityCurve.Of([.. labelled.Select(p => p.Probability)], [.. labelled.Select(p => p.Churned)]);
        var trainingAuc = artifact.Metrics.TryGetValue("roc_auc", out var auc) ? auc : (double?)null;
        return new DriftReport(version, time.GetUtcNow(), baseline is not null, scores.Count, features, baseline?.Calibration, recent,
            WeeklyPerformance.Of(labelled), RecentAuc.Of(labelled, trainingAuc));
    }

    private static FeaturePsi Compare(FeatureBaseline baseline, IReadOnlyList<IReadOnlyDictionary<string, double?>> scores)
    {
        var (actual, missing) = baseline.Distribute([.. scores.Select(s => s.GetValueOrDefault(baseline.Feature))]);
        IReadOnlyList<double> expected = [.. baseline.Proportions, baseline.MissingProportion];
        IReadOnlyList<double> current = [.. actual, missing];
        var psi = scores.Count == 0 ? 0 : Psi.Compute(expected, current);
        return new FeaturePsi(baseline.Feature, psi, Psi.Band(psi), baseline.Edges, expected, current);
    }

    /// <summary>
    /// The churn probabilities <paramref name="version"/> gave, with their labels: one per account and ISO week
    /// of proposal. One propose makes several proposals (alternatives) for one account with the same score,
    /// and churn happens to the account once; counting each alternative would multiply every account's
    /// weight and make a week of three accounts look like twenty outcomes. The account's label is the latest
    /// churn-relevant outcome of a proposal that was applied, else of any of its proposals that week.
    /// </summary>
    private static async Task<IReadOnlyList<LabelledPrediction>> LabelledPredictionsAsync(IQuerySession session, string version, CancellationToken cancellationToken)
    {
        // Marten creates schema objects on first use; the indexes these queries rely on (ActionPlaneStore.EventIndexes) are created here (once per store).
        await session.Database.EnsureStorageExistsAsync(typeof(EventFieldIndexes), cancellationToken);
        var proposed = await ProposedScores(session, version).ToListAsync(cancellationToken);
        if (proposed.Count == 0)
            return [];
        var outcomes = await OutcomesOf(session, [.. proposed.Select(p => p.ProposalId)]).ToListAsync(cancellationToken);
        // The latest churn-relevant outcome per proposal is its label.
        var labels = outcomes
            .Where(o => Churned.Contains(o.Outcome) || Stayed.Contains(o.Outcome))
            .GroupBy(o => o.ProposalId)
            .ToDictionary(g => g.Key, g => g.MaxBy(o => o.At)!);
        return
        [
            .. proposed.Where(p => labels.ContainsKey(p.ProposalId))
                .GroupBy(p => (p.AccountId, WeeklyPerformance.WeekStartOf(p.At)))
                .Select(g => g.OrderByDescending(p => labels[p.ProposalId].Treated == true).ThenByDescending(p => p.At).ThenBy(p => p.ProposalId).First())
                .Select(p => new LabelledPrediction(p.At, p.ChurnProbability, Churned.Contains(labels[p.ProposalId].Outcome))),
        ];
    }

    /// <summary>
    /// The proposals <paramref name="version"/> scored, four fields of each: a whole <see cref="ActionProposed"/>
    /// (explanation, decision trace) is ~11 KB of JSON. A query rather than a list so the drift bench can EXPLAIN it.
    /// </summary>
    public static IQueryable<ProposedScore> ProposedScores(IQuerySession session, string version) =>
        session.Events.QueryRawEventDataOnly<ActionProposed>()
            .Where(p => p.ModelVersion == version)
            .Select(p => new ProposedScore { ProposalId = p.ProposalId, AccountId = p.AccountId, At = p.At, ChurnProbability = p.Scores.ChurnProbability });

    /// <summary>
    /// The outcomes recorded on these proposals, four fields of each. Served by the outcomes' partial indexes
    /// (<see cref="ActionPlaneStore.EventIndexes"/>): by proposal id when the ids are a small share of the outcomes, otherwise
    /// a read of the outcome rows alone instead of every event.
    /// </summary>
    public static IQueryable<ProposalOutcome> OutcomesOf(IQuerySession session, Guid[] proposalIds) =>
        session.Events.QueryRawEventDataOnly<OutcomeObserved>()
            .Where(o => proposalIds.Contains(o.ProposalId))
            .Select(o => new ProposalOutcome { ProposalId = o.ProposalId, Outcome = o.Outcome, At = o.At, Treated = o.Treated });
}
