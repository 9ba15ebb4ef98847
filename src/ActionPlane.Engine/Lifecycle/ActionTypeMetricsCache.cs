using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Metrics;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// The autonomy rule's evidence (<c>input.metrics.action_type</c>) for every action type, from one
/// aggregate over the decision records of the bundle's autonomy window, kept for a few seconds. The
/// rates move only when something is applied, undone or fails, so the gate at propose, simulate and
/// apply reads them from here instead of aggregating the window on every request; this process's own
/// applies, undos and failures drop the cache (<see cref="Invalidate"/>), and other nodes' show up
/// within <see cref="Ttl"/>.
/// </summary>
public sealed class ActionTypeMetricsCache(IDocumentStore store, BundleLimits limits)
{
    /// <summary>How long one aggregate is reused (wall clock, not the engine's clock, which tests freeze).</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>The metrics object of <paramref name="actionType"/> as of <paramref name="now"/> (engine clock); zero counts when it has no record.</summary>
    public async ValueTask<JsonObject> GetAsync(string actionType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || !snapshot.IsFreshFor(now))
        {
            await _refresh.WaitAsync(cancellationToken);
            try
            {
                snapshot = _snapshot;
                if (snapshot is null || !snapshot.IsFreshFor(now))
                    _snapshot = snapshot = await LoadAsync(now, cancellationToken);
            }
            finally
            {
                _refresh.Release();
            }
        }
        return snapshot.For(actionType);
    }

    /// <summary>Forget the cached aggregate: the next gate reads the window again (after this process applied, undid or failed an action).</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<Snapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = await limits.AutonomyWindowDaysAsync(cancellationToken);
        await using var session = store.QuerySession();
        // The window runs to the end of the snapshot's freshness (PostgreSQL keeps microseconds, so a
        // tick past now would round back to now and miss what was proposed at this very instant).
        var rows = await ActionMetricsQuery.QueryAsync(session, now.AddDays(-days), now + Ttl, MetricsGrouping.Window, null, cancellationToken);
        return new Snapshot(now, days, Stopwatch.GetTimestamp(), rows.ToDictionary(r => r.ActionType, StringComparer.Ordinal));
    }

    private sealed record Snapshot(DateTimeOffset Now, int WindowDays, long TakenAt, IReadOnlyDictionary<string, ActionMetrics> ByType)
    {
        // Fresh while little wall-clock time passed and the engine's clock is still near the moment the
        // window was measured at (a simulated clock that jumps days needs another window).
        public bool IsFreshFor(DateTimeOffset now) =>
            Stopwatch.GetElapsedTime(TakenAt) < Ttl && (now - Now).Duration() < Ttl;

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
