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
        return await session.Query<TrainingExample>()
            .Where(r => r.Labelled && r.Retained != null && r.Features != null)
            .OrderBy(r => r.DecidedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many rows <see cref="RetentionRowsAsync"/> would return (the scheduled loop compares it with the last run's).</summary>
    public static Task<int> RetentionRowCountAsync(IQuerySession session, CancellationToken cancellationToken) =>
        session.Query<TrainingExample>().Where(r => r.Labelled && r.Retained != null && r.Features != null).CountAsync(cancellationToken);

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

    /// <summary>The latest retraining run, or null when the loop has not retrained yet.</summary>
    public static Task<RetrainRun?> LatestRunAsync(IQuerySession session, CancellationToken cancellationToken) =>
        session.Query<RetrainRun>().OrderByDescending(r => r.At).FirstOrDefaultAsync(cancellationToken);
}
