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
    /// account. Large batches are spread over the cores (every model is thread-safe).
    /// </summary>
    public static IReadOnlyList<AccountScore> Score(ScoringModels models, IReadOnlyList<FeatureSnapshot> snapshots, DateTimeOffset scoredAt)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(snapshots);
        var scores = new AccountScore[snapshots.Count];
        var rankCount = models.Ranking?.ActionTypes.Count ?? 0;
        if (snapshots.Count < ParallelFrom)
        {
            var buffer = new double[rankCount];
            for (var i = 0; i < scores.Length; i++)
                scores[i] = ScoreOne(models, snapshots[i], scoredAt, buffer);
            return scores;
        }
        Parallel.For(0, scores.Length, () => new double[rankCount], (i, _, buffer) =>
        {
            scores[i] = ScoreOne(models, snapshots[i], scoredAt, buffer);
            return buffer;
        }, _ => { });
        return scores;
    }

    /// <summary>Below this many accounts the work is too small to be worth handing to other threads.</summary>
    private const int ParallelFrom = 256;

    private static AccountScore ScoreOne(ScoringModels models, FeatureSnapshot snapshot, DateTimeOffset scoredAt, double[] rankBuffer)
    {
        var churn = models.Churn.Predict(snapshot, DriversPerScore);
        var vector = FeatureBuilder.ToVector(snapshot);
        return new AccountScore
        {
            Id = churn.AccountId,
            ChurnProbability = churn.Probability,
            Tier = churn.Tier,
            Drivers = churn.Drivers,
            ModelVersion = models.ChurnVersion,
            ScoredAt = scoredAt,
            Features = snapshot,
            Uplift = UpliftOf(models, vector),
            UpliftModelVersion = models.UpliftVersion,
            RankScores = RankOf(models, vector, rankBuffer),
            RankModelVersion = models.RankVersion,
        };
    }

    private static Dictionary<string, UpliftEstimate> UpliftOf(ScoringModels models, float[] vector)
    {
        var uplift = new Dictionary<string, UpliftEstimate>(models.Uplift.Count, StringComparer.Ordinal);
        foreach (var model in models.Uplift)
            uplift[model.ActionType] = model.Predict(vector);
        return uplift;
    }

    private static Dictionary<string, double> RankOf(ScoringModels models, float[] vector, double[] buffer)
    {
        var ranks = new Dictionary<string, double>(buffer.Length, StringComparer.Ordinal);
        if (models.Ranking is not { } ranking)
            return ranks;
        ranking.Score(vector, buffer);
        for (var a = 0; a < buffer.Length; a++)
            ranks[ranking.ActionTypes[a]] = buffer[a];
        return ranks;
    }
}
