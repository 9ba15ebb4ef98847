namespace ActionPlane.Policies.Bundles;

/// <summary>The file watcher and its debounce timer.</summary>
public sealed partial class ReloadingPolicyEngine
{
    private FileSystemWatcher? _watcher;
    private ITimer? _debounceTimer;
    private TimeSpan _debounce;
    private int _disposed;

    private void StartWatching(TimeSpan debounce)
    {
        _debounce = debounce;
        _debounceTimer = _time.CreateTimer(_ => OnQuiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(_directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Deleted += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        // A buffer overflow loses events: reload anyway rather than miss a change.
        _watcher.Error += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    // Every event pushes the reload back, so a burst of writes yields one reload after it ends.
    private void Schedule()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _debounceTimer?.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private async void OnQuiet()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            await ReloadAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A timer callback must never throw (it would take the process down). Load errors are
            // already in LastReloadError; what reaches here is disposal mid-reload or a throwing
            // Reloaded subscriber, and the next change event tries again.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher?.Dispose();
        _debounceTimer?.Dispose();
    }
}
