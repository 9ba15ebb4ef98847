using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Features;
using Marten;
using Weasel.Core;

namespace ActionPlane.Engine.Models;

/// <summary>Scores every account with a churn model and stores one <see cref="AccountScore"/> per account.</summary>
public sealed class BatchScorer(IDocumentStore store, TimeProvider time)
{
    /// <summary>Number of churn drivers kept on each score.</summary>
    public const int DriversPerScore = 5;

    /// <summary>Scores all stored accounts as of <paramref name="asOf"/>, replacing their previous scores; returns the count.</summary>
    public async Task<int> ScoreAllAsync(ChurnModel model, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        IReadOnlyList<Account> accounts;
        IReadOnlyDictionary<string, AccountSignals> signals;
        await using (var session = store.QuerySession())
        {
            accounts = await session.Query<Account>().ToListAsync(cancellationToken);
            signals = await SignalReader.LoadAsync(session, accounts.Select(a => a.Id).ToList(), cancellationToken);
        }
        var scores = Score(model, accounts, signals, asOf, time.GetUtcNow());
        if (scores.Count > 0)
            await store.BulkInsertAsync(scores, BulkInsertMode.OverwriteExisting, 1000, cancellationToken);
        return scores.Count;
    }

    /// <summary>Pure scoring of in-memory accounts (no storage).</summary>
    public static IReadOnlyList<AccountScore> Score(ChurnModel model, IReadOnlyList<Account> accounts,
        IReadOnlyDictionary<string, AccountSignals> signals, DateOnly asOf, DateTimeOffset scoredAt)
    {
        ArgumentNullException.ThrowIfNull(model);
        var snapshots = accounts.Select(a => FeatureBuilder.Build(a, signals.GetValueOrDefault(a.Id) ?? AccountSignals.Empty, asOf)).ToList();
        var predictions = model.PredictMany(snapshots, DriversPerScore);
        var version = model.Version.ToString();
        return predictions.Select((p, i) => new AccountScore
        {
            Id = p.AccountId,
            ChurnProbability = p.Probability,
            Tier = p.Tier,
            Drivers = p.Drivers,
            ModelVersion = version,
            ScoredAt = scoredAt,
            Features = snapshots[i],
        }).ToList();
    }
}
