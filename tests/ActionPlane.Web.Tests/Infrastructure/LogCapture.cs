using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>Every log line the app writes (formatted, with its exception), so tests can check what never reaches the logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeFree = $"{logLevel} {category}: {formatter(state, exception)} {exception}";
            // Structured values too, in case a formatter leaves one out.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                scopeFree += " " + string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
            lines.Enqueue(scopeFree);
        }
    }
}
