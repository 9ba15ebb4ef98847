using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Engine.Training;

/// <summary>
/// One retraining run at a time across every app instance on the database (a <see cref="SessionAdvisoryLock"/>
/// named <c>uplift-retrain</c>, shared by the uplift and churn runs, scheduled or asked for).
/// </summary>
public sealed class RetrainLock : IAsyncDisposable
{
    private readonly SessionAdvisoryLock _held;

    private RetrainLock(SessionAdvisoryLock held) => _held = held;

    /// <summary>The lock when nobody holds it; null when another run (here or on another instance) does.</summary>
    public static async Task<RetrainLock?> TryAcquireAsync(IDocumentStore store, CancellationToken cancellationToken) =>
        await SessionAdvisoryLock.TryAcquireAsync(store, "uplift-retrain", cancellationToken) is { } held ? new RetrainLock(held) : null;

    public ValueTask DisposeAsync() => _held.DisposeAsync();
}
