using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Bundles;

/// <summary>
/// An <see cref="IPolicyEngine"/> over a bundle folder that picks up changes as a new revision: a
/// file watcher (debounced) or an explicit <see cref="ReloadAsync"/> loads the folder again and swaps
/// the engine atomically. A bundle that fails to load is rejected and the previous revision stays
/// active; the error (with <c>file:row:col</c>) is kept in <see cref="LastReloadError"/> for health and UI.
/// </summary>
public sealed partial class ReloadingPolicyEngine : IPolicyEngine, IDisposable
{
    private readonly string _directory;
    private readonly Func<PolicyBundle, IPolicyEngine> _engineFactory;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private IPolicyEngine _current;
    private BundleReloadResult? _lastResult;

    /// <summary>Loads the bundle now; a broken initial bundle throws, as there is nothing to fall back to.</summary>
    /// <param name="directory">The bundle folder, e.g. <c>policies/</c>.</param>
    /// <param name="engineFactory">Builds the engine for each loaded bundle; an <see cref="EmbeddedPolicyEngine"/> by default.</param>
    /// <param name="watch">Watch the folder for changes; false leaves reloads to <see cref="ReloadAsync"/>.</param>
    /// <param name="debounce">How long the folder must stay quiet before a reload (editors write files in bursts); 250 ms by default.</param>
    public ReloadingPolicyEngine(string directory, Func<PolicyBundle, IPolicyEngine>? engineFactory = null, bool watch = true,
        TimeSpan? debounce = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (debounce is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(debounce), d, "debounce must not be negative");
        }

        _directory = Path.GetFullPath(directory);
        _time = timeProvider ?? TimeProvider.System;
        _engineFactory = engineFactory ?? (bundle => new EmbeddedPolicyEngine(bundle, _time));
        _current = _engineFactory(PolicyBundle.Load(_directory));
        if (watch)
        {
            StartWatching(debounce ?? TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Raised after every reload attempt, successful or not.</summary>
    public event EventHandler<BundleReloadResult>? Reloaded;

    public string Directory => _directory;

    /// <summary>The engine decisions are made with right now.</summary>
    public IPolicyEngine Current => Volatile.Read(ref _current);

    public string Revision => Current.Revision;

    /// <summary>Why the last reload was rejected; null when the last reload succeeded (or none failed yet).</summary>
    public PolicyLoadException? LastReloadError => Volatile.Read(ref _lastResult)?.Error;

    /// <summary>The outcome of the last reload attempt, null before the first.</summary>
    public BundleReloadResult? LastReload => Volatile.Read(ref _lastResult);

    // Each call reads the current engine once, so one decision is made under one revision even
    // when a reload swaps the engine in the middle of it.
    public ValueTask<PolicyDecision> EvaluateGateAsync(JsonObject input, CancellationToken cancellationToken = default) =>
        Current.EvaluateGateAsync(input, cancellationToken);

    public ValueTask<JsonNode?> EvaluateAsync(string path, JsonObject input, CancellationToken cancellationToken = default) =>
        Current.EvaluateAsync(path, input, cancellationToken);

    /// <summary>
    /// Loads the folder again. A new revision becomes active at once; an unchanged folder keeps the
    /// current engine; a broken one is rejected (returned and kept in <see cref="LastReloadError"/>).
    /// </summary>
    public async Task<BundleReloadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        BundleReloadResult result;
        try
        {
            result = await Task.Run(Load, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastResult, result);
        }
        finally
        {
            _reloadLock.Release();
        }

        Reloaded?.Invoke(this, result);
        return result;
    }

    private BundleReloadResult Load()
    {
        PolicyBundle bundle;
        try
        {
            bundle = PolicyBundle.Load(_directory);
        }
        catch (PolicyLoadException e)
        {
            return new BundleReloadResult(false, Revision, e, _time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file mid-write or vanishing under us: the next change event retries.
            return new BundleReloadResult(false, Revision, new PolicyLoadException($"{_directory}: cannot read the bundle: {e.Message}", inner: e), _time.GetUtcNow());
        }

        if (bundle.Revision == Revision)
        {
            return new BundleReloadResult(false, Revision, null, _time.GetUtcNow());
        }

        Volatile.Write(ref _current, _engineFactory(bundle));
        return new BundleReloadResult(true, bundle.Revision, null, _time.GetUtcNow());
    }
}
