using Marten;

namespace ActionPlane.Engine.Training;

/// <summary>How many labelled examples one action type has, per arm, and when its latest label was observed.</summary>
public sealed record LabelCount(string ActionType, int Treated, int Control, int NotRelevant, DateTimeOffset? LatestOutcomeAt);

/// <summary>Reads of the training-examples projection: the rows retraining learns from and the counts reviewers see.</summary>
public static class TrainingExampleQueries
{
    /// <summary>Labelled rows with a retention label and their decision-time features, oldest first.</summary>
    public static async Task<IReadOnlyList<TrainingExample>> RetentionRowsAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var rows = await session.Query<TrainingExample>()
            .Where(r => r.Labelled && r.Retained != null && (r.Features != null || r.FeatureSnapshotHash != ""))
            .OrderBy(r => r.DecidedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return [.. (await WithFeaturesAsync(session, rows, cancellationToken)).Where(r => r.Features is not null)];
    }

    /// <summary>
    /// How many rows <see cref="RetentionRowsAsync"/> would return (the scheduled loop compares it with the
    /// last run's). It counts the rows whose snapshot is stored apart without reading the snapshots; only a
    /// decision recorded before snapshots were kept at all, with a hash but no snapshot, would count here and
    /// not there.
    /// </summary>
    public static Task<int> RetentionRowCountAsync(IQuerySession session, CancellationToken cancellationToken) =>
        session.Query<TrainingExample>().Where(r => r.Labelled && r.Retained != null && (r.Features != null || r.FeatureSnapshotHash != "")).CountAsync(cancellationToken);

    /// <summary>
    /// The rows with their decision-time features: a row projected from a decision that stored its snapshot
    /// once per propose (<see cref="StoredFeatureSnapshot"/>) gets it from there, in one query for all rows.
    /// </summary>
    public static async Task<IReadOnlyList<TrainingExample>> WithFeaturesAsync(IQuerySession session, IReadOnlyList<TrainingExample> rows, CancellationToken cancellationToken = default)
    {
        var hashes = rows.Where(r => r.Features is null && r.FeatureSnapshotHash.Length > 0).Select(r => r.FeatureSnapshotHash).Distinct(StringComparer.Ordinal).ToArray();
        if (hashes.Length == 0)
            return rows;
        var stored = (await session.LoadManyAsync<StoredFeatureSnapshot>(cancellationToken, hashes)).ToDictionary(s => s.Id, s => s.Features, StringComparer.Ordinal);
        return [.. rows.Select(r => r.Features is null && stored.TryGetValue(r.FeatureSnapshotHash, out var f) ? r with { Features = f } : r)];
    }

    /// <summary>Labelled examples per action type: treated and control rows with a retention label, and "not relevant" labels.</summary>
    public static async Task<IReadOnlyList<LabelCount>> LabelCountsAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var rows = await session.Query<TrainingExample>()
            .Where(r => r.Labelled)
            .Select(r => new TrainingExample { ActionType = r.ActionType, Treated = r.Treated, Retained = r.Retained, NotRelevant = r.NotRelevant, OutcomeAt = r.OutcomeAt })
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.ActionType, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new LabelCount(g.Key,
            g.Count(r => r.Retained is not null && r.Treated), g.Count(r => r.Retained is not null && !r.Treated), g.Count(r => r.NotRelevant), g.Max(r => r.OutcomeAt)))];
    }

    /// <summary>The training window of rows from the log: decisions from the first to the last, outcomes until the latest.</summary>
    public static Models.TrainingWindow WindowOf(IReadOnlyList<TrainingExample> rows) => new(
        DateOnly.FromDateTime(rows.Min(r => r.DecidedAt).UtcDateTime), DateOnly.FromDateTime(rows.Max(r => r.DecidedAt).UtcDateTime),
        DateOnly.FromDateTime(rows.Max(r => r.OutcomeAt ?? r.DecidedAt).UtcDateTime));

    /// <summary>The latest retraining run, or null when the loop has not retrained yet.</summary>
    public static Task<RetrainRun?> LatestRunAsync(IQuerySession session, CancellationToken cancellationToken) =>
        session.Query<RetrainRun>().OrderByDescending(r => r.At).FirstOrDefaultAsync(cancellationToken);
}
