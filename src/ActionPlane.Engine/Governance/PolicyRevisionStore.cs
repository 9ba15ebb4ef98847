using System.Collections.Concurrent;
using ActionPlane.Policies;
using ActionPlane.Policies.Bundles;
using Marten;

namespace ActionPlane.Engine.Governance;

/// <summary>
/// Keeps every policy bundle revision that became active (files and all) and hands out compiled
/// revisions for replay, compiling each at most once per process.
/// </summary>
public sealed class PolicyRevisionStore(IDocumentStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lazy<PolicyBundle>> _compiled = new();
    private readonly Lock _pendingLock = new();
    // Recording after a reload runs off the reload's thread; reads wait for it so they see the new revision.
    private Task _pending = Task.CompletedTask;

    /// <summary>
    /// Stores the revision <paramref name="engine"/> decides under now (embedded or reloading engine;
    /// an OPA server's bundle is not ours to read) and, for a reloading engine, every revision it
    /// activates from now on.
    /// </summary>
    public async Task FollowAsync(IPolicyEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine is ReloadingPolicyEngine reloading)
        {
            reloading.Reloaded += (_, result) =>
            {
                if (result.Changed && reloading.Current is EmbeddedPolicyEngine current)
                    Enqueue(() => RecordAsync(current.Bundle, CancellationToken.None));
            };
            engine = reloading.Current;
        }
        if (engine is EmbeddedPolicyEngine embedded)
            await RecordAsync(embedded.Bundle, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="bundle"/>'s files under its revision. Returns null (and stores nothing)
    /// for an in-memory bundle or when the files on disk no longer hash to its revision (they moved
    /// on; the reload that follows records them).
    /// </summary>
    public async Task<PolicyBundleRevision?> RecordAsync(PolicyBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Directory is null)
            return null;
        Dictionary<string, string> files;
        try
        {
            files = bundle.Files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(bundle.Directory, f)), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return await RecordAsync(bundle.Revision, files, cancellationToken);
    }

    /// <summary>Stores <paramref name="files"/> as <paramref name="revision"/> if they hash to it; null otherwise.</summary>
    public async Task<PolicyBundleRevision?> RecordAsync(string revision, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        PolicyBundle compiled;
        try
        {
            compiled = PolicyBundle.FromFiles(files);
        }
        catch (PolicyLoadException)
        {
            return null;
        }
        if (compiled.Revision != revision)
            return null;
        _compiled.TryAdd(revision, new Lazy<PolicyBundle>(compiled));

        await using var session = store.LightweightSession();
        var now = time.GetUtcNow();
        var existing = await session.LoadAsync<PolicyBundleRevision>(revision, cancellationToken);
        var document = existing is null
            ? new PolicyBundleRevision { Id = revision, Files = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal), FirstActiveAt = now, LastActivatedAt = now }
            : existing with { LastActivatedAt = now };
        session.Store(document);
        await session.SaveChangesAsync(cancellationToken);
        return document;
    }

    /// <summary>Every stored revision, most recently activated first.</summary>
    public async Task<IReadOnlyList<PolicyBundleRevision>> ListAsync(CancellationToken cancellationToken = default)
    {
        await PendingAsync();
        await using var session = store.QuerySession();
        return await session.Query<PolicyBundleRevision>().OrderByDescending(r => r.LastActivatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    public async Task<PolicyBundleRevision?> LoadAsync(string revision, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        await PendingAsync();
        await using var session = store.QuerySession();
        return await session.LoadAsync<PolicyBundleRevision>(revision.Trim(), cancellationToken);
    }

    /// <summary>The revision compiled, ready to evaluate; null when it was never stored.</summary>
    public async Task<PolicyBundle?> CompileAsync(string revision, CancellationToken cancellationToken = default)
    {
        if (_compiled.TryGetValue(revision, out var cached))
            return cached.Value;
        if (await LoadAsync(revision, cancellationToken) is not { } stored)
            return null;
        return _compiled.GetOrAdd(revision, _ => new Lazy<PolicyBundle>(() => PolicyBundle.FromFiles(stored.Files))).Value;
    }

    private void Enqueue(Func<Task> record)
    {
        lock (_pendingLock)
            _pending = _pending.ContinueWith(_ => record(), TaskScheduler.Default).Unwrap();
    }

    private async Task PendingAsync()
    {
        Task pending;
        lock (_pendingLock)
            pending = _pending;
        try
        {
            await pending;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed background recording must not break reads; the next reload or start records again.
        }
    }
}
