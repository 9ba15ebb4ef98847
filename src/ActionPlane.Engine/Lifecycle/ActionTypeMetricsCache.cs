using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Metrics;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// The autonomy rule's evidence (<c>input.metrics.action_type</c>) for every action type, from one
/// aggregate over the decision records of the bundle's autonomy window, reused for
/// <see cref="ActionPlaneEngineOptions.ActionMetricsTtl"/>. The rates are measured over weeks and move
/// only when something is applied, undone or fails, so the gate at propose, simulate and apply reads
/// them from here instead of aggregating the window on every request; the aggregate reads only the records
/// an apply was tried on (<see cref="ActionMetricsQuery.AttemptedAsync"/>). A stale snapshot is served while one background refresh replaces it, so no request
/// waits for the aggregate except the first, or one whose engine clock has moved far from the
/// snapshot's (a simulated clock jumping days needs another window).
/// </summary>
public sealed class ActionTypeMetricsCache(IDocumentStore store, BundleLimits limits, ActionPlaneEngineOptions options)
{
    // Engine-clock distance within which a snapshot's window still stands for "now"; its window runs
    // this far past the moment it was taken, so what is proposed meanwhile is inside it.
    private static readonly TimeSpan s_windowSlack = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _load = new(1, 1);
    private Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>The metrics object of <paramref name="actionType"/> as of <paramref name="now"/> (engine clock); zero counts when it has no record.</summary>
    public async ValueTask<JsonObject> GetAsync(string actionType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ttl = options.ActionMetricsTtl;
        var snapshot = _snapshot;
        if (ttl <= TimeSpan.Zero)
            return (await LoadAsync(now, cancellationToken)).For(actionType);
        if (snapshot is null || !snapshot.Covers(now))
        {
            await _load.WaitAsync(cancellationToken);
            try
            {
                snapshot = _snapshot;
                if (snapshot is null || !snapshot.Covers(now))
                    _snapshot = snapshot = await LoadAsync(now, cancellationToken);
            }
            finally
            {
                _load.Release();
            }
        }
        else if (Stopwatch.GetElapsedTime(snapshot.TakenAt) >= ttl && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshAsync(now);
        }
        return snapshot.For(actionType);
    }

    private async Task RefreshAsync(DateTimeOffset now)
    {
        try
        {
            _snapshot = await LoadAsync(now, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Keep serving the last snapshot; the next request past the TTL tries again.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task<Snapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = await limits.AutonomyWindowDaysAsync(cancellationToken);
        await using var session = store.QuerySession();
        var rows = await ActionMetricsQuery.AttemptedAsync(session, now.AddDays(-days), now + s_windowSlack, cancellationToken);
        return new Snapshot(now, days, Stopwatch.GetTimestamp(), rows.ToDictionary(r => r.ActionType, StringComparer.Ordinal));
    }

    private sealed record Snapshot(DateTimeOffset Now, int WindowDays, long TakenAt, IReadOnlyDictionary<string, ActionMetrics> ByType)
    {
        public bool Covers(DateTimeOffset now) => now >= Now - s_windowSlack && now < Now + s_windowSlack;

        public JsonObject For(string actionType)
        {
            var m = ByType.GetValueOrDefault(actionType);
            return new JsonObject
            {
                ["window_days"] = WindowDays,
                ["applied"] = m?.Applied ?? 0,
                ["undone"] = m?.Undone ?? 0,
                ["apply_failures"] = m?.ApplyFailures ?? 0,
                ["reversal_rate"] = m?.ReversalRate,
                ["error_rate"] = m?.ErrorRate,
            };
        }
    }
}
