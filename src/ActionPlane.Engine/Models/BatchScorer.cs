using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Features;
using Marten;
using Weasel.Core;

namespace ActionPlane.Engine.Models;

/// <summary>
/// Scores every account — churn with its drivers, uplift of every action type, the action ranker's
/// scores — and stores one <see cref="AccountScore"/> per account.
/// </summary>
public sealed class BatchScorer(IDocumentStore store, TimeProvider time)
{
    /// <summary>Number of churn drivers kept on each score.</summary>
    public const int DriversPerScore = 5;

    /// <summary>Accounts scored and stored per round trip; progress is reported after each.</summary>
    public const int ChunkSize = 1000;

    /// <summary>Scores all stored accounts with the churn model only (no uplift or ranking yet).</summary>
    public Task<int> ScoreAllAsync(ChurnModel model, DateOnly asOf, CancellationToken cancellationToken = default) =>
        ScoreAllAsync(ScoringModels.ChurnOnly(model), asOf, null, cancellationToken);

    /// <summary>
    /// Scores all stored accounts as of <paramref name="asOf"/>, replacing their previous scores;
    /// reports the number of accounts done after each chunk; returns the count.
    /// </summary>
    public async Task<int> ScoreAllAsync(ScoringModels models, DateOnly asOf, IProgress<int>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        IReadOnlyList<Account> accounts;
        IReadOnlyDictionary<string, AccountSignals> signals;
        await using (var session = store.QuerySession())
        {
            accounts = await session.Query<Account>().ToListAsync(cancellationToken);
            signals = await SignalReader.LoadAsync(session, accounts.Select(a => a.Id).ToList(), cancellationToken);
        }
        var scoredAt = time.GetUtcNow();
        for (var start = 0; start < accounts.Count; start += ChunkSize)
        {
            var chunk = accounts.Skip(start).Take(ChunkSize).ToList();
            var scores = Score(models, chunk, signals, asOf, scoredAt);
            await store.BulkInsertAsync(scores.ToList(), BulkInsertMode.OverwriteExisting, ChunkSize, cancellationToken);
            progress?.Report(start + chunk.Count);
        }
        return accounts.Count;
    }

    /// <summary>Pure churn-only scoring of in-memory accounts (no storage).</summary>
    public static IReadOnlyList<AccountScore> Score(ChurnModel model, IReadOnlyList<Account> accounts,
        IReadOnlyDictionary<string, AccountSignals> signals, DateOnly asOf, DateTimeOffset scoredAt) =>
        Score(ScoringModels.ChurnOnly(model), accounts, signals, asOf, scoredAt);

    /// <summary>Pure scoring of in-memory accounts (no storage); an account without signals is scored on empty ones.</summary>
    public static IReadOnlyList<AccountScore> Score(ScoringModels models, IReadOnlyList<Account> accounts,
        IReadOnlyDictionary<string, AccountSignals> signals, DateOnly asOf, DateTimeOffset scoredAt)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(signals);
        var snapshots = accounts.Select(a => FeatureBuilder.Build(a, signals.GetValueOrDefault(a.Id) ?? AccountSignals.Empty, asOf)).ToList();
        return Score(models, snapshots, scoredAt);
    }

    /// <summary>
    /// Scores feature snapshots: churn with drivers, uplift and rank from one feature vector per
    /// account. Large batches are cut into blocks spread over the cores (every model is
    /// thread-safe; each thread keeps its own scratch buffers).
    /// </summary>
    public static IReadOnlyList<AccountScore> Score(ScoringModels models, IReadOnlyList<FeatureSnapshot> snapshots, DateTimeOffset scoredAt)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(snapshots);
        var scores = new AccountScore[snapshots.Count];
        var blocks = (scores.Length + BlockSize - 1) / BlockSize;
        if (blocks <= 1)
        {
            new AccountScorer(models, scoredAt).Score(snapshots, 0, scores.Length, scores);
            return scores;
        }
        Parallel.For(0, blocks, () => new AccountScorer(models, scoredAt), (block, _, scorer) =>
        {
            var start = block * BlockSize;
            scorer.Score(snapshots, start, Math.Min(start + BlockSize, scores.Length), scores);
            return scorer;
        }, _ => { });
        return scores;
    }

    /// <summary>Accounts a thread scores at a time: enough to amortise handing work over, small enough to share 1,000 between two cores.</summary>
    private const int BlockSize = 128;
}
