using Microsoft.Extensions.Logging;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// A log provider that stops the thread writing the first line containing <see cref="At"/> until <see cref="Release"/>
/// (or throws there, when <see cref="Throws"/>): it holds the real demo preparation at one of its progress lines, so a
/// test sees the app mid-preparation without any hook in the product. Logging is synchronous, so the hold is exact.
/// </summary>
public sealed class LogHold(string at, bool throws = false) : ILoggerProvider
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _released = new();
    private int _held;

    public string At => at;

    public bool Throws => throws;

    /// <summary>Completes when the line was written (the preparation is now held, or failed when <see cref="Throws"/>).</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.Set();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() => _released.Set();

    private void Written(string line)
    {
        if (!line.Contains(at, StringComparison.Ordinal) || Interlocked.Exchange(ref _held, 1) == 1)
            return;
        _reached.SetResult();
        if (throws)
            throw new InvalidOperationException($"Test failure injected at '{at}'.");
        // Bounded, so a failed test cannot hang the app's shutdown for ever.
        _released.Wait(TimeSpan.FromMinutes(5));
    }

    private sealed class Logger(LogHold hold) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            hold.Written(formatter(state, exception));
    }
}
