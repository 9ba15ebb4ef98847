using System.Diagnostics;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Metrics;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Telemetry;
using Marten;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// The weekly decision run: the engine decides for every active account on its own, as the closed-loop simulator
/// does, so the decision log (exploit, explore and holdout arms with their propensities, "no action" decisions)
/// covers the whole tenant, not only the accounts a CSM happened to open. It lapses proposals past the TTL, then
/// proposes for each account as <see cref="Actor.System"/>, one account at a time, skipping accounts the engine
/// already decided this ISO week. Each account's propose is one transaction: a failing account is recorded and
/// the run goes on. One run at a time across instances (a <see cref="SessionAdvisoryLock"/>).
/// </summary>
public sealed class DecisionRunner(IDocumentStore store, NextBestActionEngine engine, ProposalExpirer expirer, ActionPlaneEngineOptions options)
{
    public const string LockName = "decision-run";
    public const int MaxFailuresListed = 100;
    // Progress is saved (for other instances and the admin page) every this many accounts.
    private const int SaveEvery = 10;

    private TimeProvider Clock => options.TimeProvider;

    /// <summary>
    /// Takes the run lock and records a running <see cref="DecisionRun"/>; null when another run (here or on another
    /// instance) holds the lock. Hand the lease to <see cref="RunAsync"/>, which releases it.
    /// </summary>
    /// <param name="accountIds">Only these accounts (e.g. the ones a run failed on); null or empty for every account.</param>
    public async Task<DecisionRunLease?> TryBeginAsync(string trigger, string startedBy, IReadOnlyList<string>? accountIds = null, CancellationToken cancellationToken = default)
    {
        var held = await SessionAdvisoryLock.TryAcquireAsync(store, LockName, cancellationToken);
        if (held is null)
            return null;
        try
        {
            var now = Clock.GetUtcNow();
            await using var session = store.LightweightSession();
            // Holding the lock, a run still marked running is one whose instance stopped before it finished.
            foreach (var stale in await session.Query<DecisionRun>().Where(r => r.Status == DecisionRunStatus.Running).ToListAsync(cancellationToken))
                session.Store(stale with { Status = DecisionRunStatus.Interrupted, FinishedAt = now });
            var run = new DecisionRun
            {
                Id = Guid.CreateVersion7(now), Trigger = trigger, StartedBy = startedBy, StartedAt = now, Status = DecisionRunStatus.Running,
                IsoWeek = ActionMetricsQuery.IsoWeek(now), AccountIds = accountIds ?? [],
            };
            session.Store(run);
            await session.SaveChangesAsync(cancellationToken);
            return new DecisionRunLease(run, held);
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary><see cref="TryBeginAsync"/> then <see cref="RunAsync"/>: the finished run, or null when another run holds the lock.</summary>
    public async Task<DecisionRun?> TryRunAsync(string trigger, string startedBy, Action<DecisionRun>? progress = null, CancellationToken cancellationToken = default,
        IReadOnlyList<string>? accountIds = null) =>
        await TryBeginAsync(trigger, startedBy, accountIds, cancellationToken) is { } lease ? await RunAsync(lease, progress, cancellationToken) : null;

    /// <summary>
    /// Runs the lease's run to the end (or cancellation) and releases the lock. <paramref name="progress"/> sees the
    /// run after every account (done/total, decisions, skipped, failed) and once finished.
    /// </summary>
    public async Task<DecisionRun> RunAsync(DecisionRunLease lease, Action<DecisionRun>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var held = lease;
        var run = lease.Run;
        var watch = Stopwatch.StartNew();
        try
        {
            // Spans of the run's two tenant-wide phases (each account's propose has its own), for the bench and any exporter.
            using (ActionPlaneTelemetry.Source.StartActivity("actionplane.decision_run.expire"))
                run = run with { ProposalsExpired = await expirer.ExpireAllAsync(cancellationToken) };
            IReadOnlyList<string> accounts;
            HashSet<string> decided;
            using (ActionPlaneTelemetry.Source.StartActivity("actionplane.decision_run.accounts"))
                (accounts, decided) = await AccountsAsync(run.StartedAt, run.AccountIds, cancellationToken);
            run = run with { Accounts = accounts.Count };
            await SaveAsync(run, cancellationToken);
            progress?.Invoke(run);
            foreach (var accountId in accounts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                run = decided.Contains(accountId) ? run with { Skipped = run.Skipped + 1 } : await DecideAsync(run, accountId, cancellationToken);
                run = run with { Done = run.Done + 1, DurationSeconds = watch.Elapsed.TotalSeconds };
                if (run.Done % SaveEvery == 0)
                    await SaveAsync(run, cancellationToken);
                progress?.Invoke(run);
            }
            run = run with { Status = DecisionRunStatus.Completed };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run = run with { Status = DecisionRunStatus.Cancelled };
        }
        catch (Exception e)
        {
            run = run with { Status = DecisionRunStatus.Failed, Error = e.Message };
        }
        run = run with { FinishedAt = Clock.GetUtcNow(), DurationSeconds = watch.Elapsed.TotalSeconds };
        // Saved even when the run was cancelled: the summary of what was done is the point.
        await SaveAsync(run, CancellationToken.None);
        progress?.Invoke(run);
        return run;
    }

    /// <summary>The ids of <paramref name="accountIds"/> that are not accounts of the tenant (to refuse a run naming them).</summary>
    public async Task<IReadOnlyList<string>> UnknownAccountsAsync(IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default)
    {
        await using var query = store.QuerySession();
        var ids = accountIds.ToArray();
        var known = await query.Query<Account>().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        return [.. accountIds.Except(known, StringComparer.Ordinal)];
    }

    /// <summary>The latest run (running or finished), or null before the first one.</summary>
    public async Task<DecisionRun?> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var query = store.QuerySession();
        return await query.Query<DecisionRun>().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Proposes for one account and counts what that wrote; a failure is recorded on the run, not thrown.</summary>
    private async Task<DecisionRun> DecideAsync(DecisionRun run, string accountId, CancellationToken cancellationToken)
    {
        ProposalBatch batch;
        try
        {
            batch = await engine.ProposeAsync(accountId, Actor.System, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = run.Failures.Count < MaxFailuresListed ? [.. run.Failures, new DecisionRunFailure(accountId, e.Message)] : run.Failures;
            return run with { Failed = run.Failed + 1, Failures = failures };
        }
        run = run with { ProposalsWritten = run.ProposalsWritten + batch.ProposalsWritten };
        if (batch.NoActionLogged)
            return run with { NoActionDecisions = run.NoActionDecisions + 1 };
        if (batch.ProposalsWritten == 0)
            return run with { Unchanged = run.Unchanged + 1 };
        return batch.Holdout
            ? run with { HoldoutDecisions = run.HoldoutDecisions + 1 }
            : run with { ActionDecisions = run.ActionDecisions + 1 };
    }

    /// <summary>Every active (not churned) account id in order (or those of <paramref name="only"/>), and those the engine already decided in the ISO week of <paramref name="now"/>.</summary>
    private async Task<(IReadOnlyList<string> Accounts, HashSet<string> Decided)> AccountsAsync(DateTimeOffset now, IReadOnlyList<string> only, CancellationToken cancellationToken)
    {
        var weekStart = new DateTimeOffset(WeeklyBudgetReader.WeekStart(DateOnly.FromDateTime(now.UtcDateTime)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var query = store.QuerySession();
        // Former customers get no decisions.
        var all = query.Query<Account>().Where(a => a.ChurnedOn == null);
        var ids = only.ToArray();
        var accounts = ids.Length > 0
            ? await all.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken)
            : await all.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        // The engine's decisions only (its arm-logged proposals and "no action"): a CSM's own pick does not decide the week.
        var proposed = await EngineProposedSince(query, weekStart).ToListAsync(cancellationToken);
        var nothing = await query.Query<DecisionRecord>()
            .Where(r => r.ProposedAt >= weekStart && r.ActionType == NoActionDecided.ActionType)
            .Select(r => r.AccountId).ToListAsync(cancellationToken);
        return (accounts, [.. proposed, .. nothing]);
    }

    /// <summary>The accounts of the engine's arm-logged proposals since <paramref name="weekStart"/> (the ProposedAt index reads only those).</summary>
    internal static IQueryable<string> EngineProposedSince(IQuerySession query, DateTimeOffset weekStart) =>
        query.Query<ActionLifecycle>()
            .Where(p => p.ProposedAt >= weekStart && p.Explanation.Trace != null && p.Explanation.Trace.DecidedBy == "engine")
            .Select(p => p.AccountId);

    private async Task SaveAsync(DecisionRun run, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Store(run);
        await session.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A begun decision run and the lock it holds until <see cref="DecisionRunner.RunAsync"/> finishes it.</summary>
public sealed class DecisionRunLease(DecisionRun run, SessionAdvisoryLock held) : IAsyncDisposable
{
    public DecisionRun Run { get; } = run;

    public ValueTask DisposeAsync() => held.DisposeAsync();
}
