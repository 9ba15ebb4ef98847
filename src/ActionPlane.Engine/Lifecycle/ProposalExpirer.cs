using System.Linq.Expressions;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// Lapses open proposals older than the proposal TTL (<see cref="DecisioningOptions.ProposalTtlDays"/>): a
/// <see cref="ProposalExpired"/> on each one's stream. An account's proposals lapse in one transaction under the
/// account's apply lock, the lock apply holds until it commits: an apply that committed first leaves its proposal
/// applied (we read it after), and one still waiting for the lock fails on its stream's expected version, so a
/// proposal ends applied or expired, never both.
/// </summary>
public sealed class ProposalExpirer(IDocumentStore store, ActionPlaneEngineOptions options)
{
    private const int MaxAttempts = 3;

    private TimeSpan Ttl => options.Decisioning.ProposalTtl;

    /// <summary>Lapses the account's open proposals proposed at or before <c>now − TTL</c>; returns how many lapsed.</summary>
    public async Task<int> ExpireAccountAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var now = options.TimeProvider.GetUtcNow();
        var cutoff = now - Ttl;
        // The common case (nothing lapsed) costs one indexed read and takes no lock.
        if ((await LapsedIdsAsync(accountId, cutoff, cancellationToken)).Count == 0)
            return 0;
        return await ExpireWithRetriesAsync(accountId, cutoff, now, cancellationToken);
    }

    private async Task<int> ExpireWithRetriesAsync(string accountId, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ExpireUnderLockAsync([accountId], cutoff, now, cancellationToken);
            }
            catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e) && attempt < MaxAttempts)
            {
                // Someone approved, edited or rejected one of them meanwhile (they do not take the account lock): read again.
            }
        }
    }

    /// <summary>
    /// Lapses every account's lapsed proposals, <see cref="AccountsPerBatch"/> accounts per transaction; returns how many
    /// lapsed. One lock command, one read and one save per batch, instead of per account: a week's expiry is every
    /// account's, so its cost per account is what keeps the weekly run flat.
    /// </summary>
    public async Task<int> ExpireAllAsync(CancellationToken cancellationToken = default)
    {
        var now = options.TimeProvider.GetUtcNow();
        var cutoff = now - Ttl;
        string[] accounts;
        await using (var query = store.QuerySession())
        {
            // Open proposals are few whatever the log's age: the (Status, ProposedAt) index reads only them.
            accounts = (await LapsedQuery(query, cutoff).Select(p => p.AccountId).ToListAsync(cancellationToken))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }
        var expired = 0;
        foreach (var batch in accounts.Chunk(AccountsPerBatch))
            expired += await ExpireBatchAsync(batch, cutoff, now, cancellationToken);
        return expired;
    }

    /// <summary>How many accounts' proposals <see cref="ExpireAllAsync"/> lapses in one transaction.</summary>
    internal const int AccountsPerBatch = 100;

    private async Task<int> ExpireBatchAsync(string[] accounts, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await ExpireUnderLockAsync(accounts, cutoff, now, cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            // Someone approved, edited or rejected one of them meanwhile; nothing of the batch was saved. Account by
            // account, each with its own retries, so one busy account does not hold up the others.
            var expired = 0;
            foreach (var accountId in accounts)
                expired += await ExpireWithRetriesAsync(accountId, cutoff, now, cancellationToken);
            return expired;
        }
    }

    private async Task<int> ExpireUnderLockAsync(string[] accounts, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await AccountApplyLock.AcquireManyAsync(session, options.SchemaName, accounts, cancellationToken);
        // Read under the lock: every apply of these accounts has committed or is queued behind us. Each append names the
        // version it read (the snapshot's), so a writer that does not take the lock (approve, edit) fails our save instead.
        var lapsed = await LapsedQuery(session, cutoff).Where(p => accounts.Contains(p.AccountId))
            .OrderBy(p => p.AccountId).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        foreach (var p in lapsed)
            session.Events.Append(p.Id, p.Version + 1, new ProposalExpired(p.Id, p.AccountId, p.ProposedAt, options.Decisioning.ProposalTtlDays, Actor.System.Id, now));
        var expired = lapsed.Count;
        await session.SaveChangesAsync(cancellationToken);
        return expired;
    }

    private async Task<IReadOnlyList<Guid>> LapsedIdsAsync(string accountId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        return await LapsedQuery(query, cutoff).Where(p => p.AccountId == accountId).Select(p => p.Id).ToListAsync(cancellationToken);
    }

    internal static IQueryable<ActionLifecycle> LapsedQuery(IQuerySession session, DateTimeOffset cutoff) =>
        session.Query<ActionLifecycle>().Where(Lapsed(cutoff));

    /// <summary>An open proposal (<see cref="ActionLifecycle.IsOpen"/>, as SQL) proposed at or before <paramref name="cutoff"/>.</summary>
    internal static Expression<Func<ActionLifecycle, bool>> Lapsed(DateTimeOffset cutoff) => p => p.ProposedAt <= cutoff
        && (p.Status == ActionStatus.Allowed || p.Status == ActionStatus.Denied || p.Status == ActionStatus.AwaitingApproval || p.Status == ActionStatus.Approved);
}
