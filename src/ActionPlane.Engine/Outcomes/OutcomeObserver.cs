using System.Security.Cryptography;
using System.Text;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using Marten;

namespace ActionPlane.Engine.Outcomes;

/// <summary>
/// Records <see cref="OutcomeObserved"/> for every proposal whose horizon has passed and that has no
/// outcome yet — treated, explored and held-out subjects alike, so uplift can be re-learned without
/// bias. The horizon is <see cref="Horizon"/> after the proposal, or the account's renewal if that
/// comes first ("retained or churned at renewal"). In the demo the outcome comes from the
/// generator's ground truth (<see cref="OutcomeTruth"/>): during and for the replayed demo history, what the
/// simulated world did (<see cref="WorldChurned"/>); after it, a draw. Accounts without it wait for outcomes
/// ingested through the API.
/// </summary>
public sealed class OutcomeObserver(IDocumentStore store, TimeProvider timeProvider)
{
    public const string GroundTruthSource = "ground-truth:demo";

    /// <summary>The source of outcomes the replayed demo history's simulated world decided (its churn day, not a draw).</summary>
    public const string HistorySource = "ground-truth:demo-history";

    /// <summary>How long after a proposal its outcome is due (the generator's churn window is 90 days).</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromDays(90);

    public int BatchSize { get; init; } = 500;

    /// <summary>Records every outcome that is due; returns how many were recorded.</summary>
    public async Task<int> ObserveDueAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        List<DecisionRecord> open;
        await using (var query = store.QuerySession())
        {
            // Only the fields the observer needs: the records' inputs and trails stay in the database.
            open = [.. await query.Query<DecisionRecord>()
                .Where(r => r.Outcome == null && r.ProposedAt <= now)
                .OrderBy(r => r.ProposedAt)
                .Select(r => new DecisionRecord { Id = r.Id, AccountId = r.AccountId, ActionType = r.ActionType, ProposedAt = r.ProposedAt, AppliedAt = r.AppliedAt, UndoneAt = r.UndoneAt })
                .ToListAsync(cancellationToken)];
        }

        var recorded = 0;
        foreach (var page in open.Chunk(BatchSize))
        {
            await using var session = store.LightweightSession();
            var accountIds = page.Select(r => r.AccountId).Distinct().ToArray();
            var truths = (await session.LoadManyAsync<OutcomeTruth>(cancellationToken, accountIds)).ToDictionary(t => t.Id);
            var accounts = (await session.LoadManyAsync<Account>(cancellationToken, accountIds)).ToDictionary(a => a.Id);
            foreach (var record in page)
            {
                if (!truths.TryGetValue(record.AccountId, out var truth) || !accounts.TryGetValue(record.AccountId, out var account))
                    continue;
                var (dueAt, horizon) = DueAt(record, account);
                if (dueAt > now)
                    continue;
                var treated = record.AppliedAt is not null && record.UndoneAt is null;
                var world = WorldChurned(truth, dueAt);
                var churned = world ?? Churned(truth, record.ActionType, treated);
                session.Events.Append(record.Id, new OutcomeObserved(record.Id, churned ? OutcomeKinds.Churned : OutcomeKinds.Retained,
                    churned ? 0 : (double)account.Mrr, world is null ? GroundTruthSource : HistorySource, dueAt, treated, horizon));
                recorded++;
            }
            await session.SaveChangesAsync(cancellationToken);
        }
        return recorded;
    }

    private (DateTimeOffset DueAt, string Horizon) DueAt(DecisionRecord record, Account account)
    {
        var horizonAt = record.ProposedAt + Horizon;
        // The renewal as of the decision, not as stored now. A renewal that has passed since is rolled over to next year's
        // (by the demo history's world, or a CRM sync), a churned account's never is: today's date gave churned accounts
        // their renewal horizon and kept ones 90 days, so which decisions were labelled early depended on their outcome.
        var renewalOn = FeatureBuilder.NextRenewal(account.RenewalDate, DateOnly.FromDateTime(record.ProposedAt.UtcDateTime));
        var renewal = new DateTimeOffset(renewalOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return renewal > record.ProposedAt && renewal < horizonAt ? (renewal, "renewal") : (horizonAt, $"{Horizon.TotalDays:0}d");
    }

    /// <summary>
    /// What the simulated world of the demo history did by <paramref name="dueAt"/>: churned when it churned by then,
    /// retained when it was still a customer through days the world lived, null when the horizon ends after the last day
    /// the world lived (then <see cref="Churned"/> draws, as for an account without a history).
    /// </summary>
    public static bool? WorldChurned(OutcomeTruth truth, DateTimeOffset dueAt)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var lastDay = LastDayLivedBy(dueAt);
        if (truth.ChurnedOn is { } churnedOn && churnedOn <= lastDay)
            return true;
        return truth.KnownThrough is { } known && lastDay <= known ? false : null;
    }

    /// <summary>The world lives whole days: a horizon at midnight (a renewal) ends with the day before, one later in the day with that day.</summary>
    public static DateOnly LastDayLivedBy(DateTimeOffset dueAt) => DateOnly.FromDateTime(dueAt.UtcDateTime.AddTicks(-1));

    /// <summary>
    /// One draw per account (common random numbers): the same account churns untreated exactly when
    /// its uniform falls under its base probability, and treated when it falls under the probability
    /// the action's true effect leaves, so treated and untreated outcomes of one account are coherent.
    /// </summary>
    public static bool Churned(OutcomeTruth truth, string actionType, bool treated)
    {
        var u = Uniform($"{truth.Seed}:{truth.Id}:churn");
        var p = Math.Clamp(truth.TrueChurnProbability, 1e-6, 1 - 1e-6);
        if (treated)
        {
            var responsiveness = StandardNormal($"{truth.Seed}:{truth.Id}:{actionType}");
            var logit = Math.Log(p / (1 - p)) + ActionEffects.LogOddsDelta(actionType, truth.Drivers, Scenario.Default, responsiveness);
            p = 1 / (1 + Math.Exp(-logit));
        }
        return u < p;
    }

    private static double Uniform(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return (BitConverter.ToUInt64(hash, 0) >> 11) * (1.0 / (1UL << 53));
    }

    private static double StandardNormal(string key)
    {
        var u1 = Math.Max(Uniform(key + ":a"), 1e-12);
        var u2 = Uniform(key + ":b");
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
