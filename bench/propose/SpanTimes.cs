using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActionPlane.Bench.Propose;

/// <summary>
/// Sums the durations and allocations of ActionPlane's spans (propose phases, policy evaluations) and of Npgsql's
/// commands (keyed by the start of their SQL) while alive: where each request's milliseconds go.
/// Under load every span stretches, but their shares of the request still point at the cost.
/// </summary>
public sealed class SpanTimes : IDisposable
{
    private const int SqlKeyLength = 70;
    private readonly ActivityListener _listener;
    private const string AllocatedAtStart = "actionplane.bench.allocated";
    private readonly ConcurrentDictionary<string, (long Count, double Ms, long Bytes)> _spans = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _saves = new();

    /// <summary>The engine's span around the one batched write of a propose.</summary>
    public const string SaveSpan = "actionplane.propose.save";

    public SpanTimes()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "ActionPlane" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Requests run one at a time, so the process's allocations between a span's start and stop are
            // the span's own (and its children's): where the bytes per request go.
            ActivityStarted = activity => activity.SetCustomProperty(AllocatedAtStart, GC.GetTotalAllocatedBytes(precise: true)),
            ActivityStopped = activity =>
            {
                var key = activity.Source.Name == "Npgsql" ? "sql: " + SqlKey(activity) : activity.OperationName;
                var bytes = activity.GetCustomProperty(AllocatedAtStart) is long start ? GC.GetTotalAllocatedBytes(precise: true) - start : 0;
                if (key == SaveSpan)
                    _saves.Enqueue(activity.Duration.TotalMilliseconds);
                _spans.AddOrUpdate(key, (1, activity.Duration.TotalMilliseconds, bytes),
                    (_, v) => (v.Count + 1, v.Ms + activity.Duration.TotalMilliseconds, v.Bytes + bytes));
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Per span name: calls and milliseconds per request, largest first.</summary>
    public IReadOnlyList<SpanShare> PerRequest(int requests) =>
        [.. _spans.Select(p => new SpanShare(p.Key, Math.Round((double)p.Value.Count / requests, 2), Math.Round(p.Value.Ms / requests, 3), p.Value.Bytes / requests))
            .OrderByDescending(s => s.MsPerRequest)];

    /// <summary>
    /// Each request's time without its save span, in request order (requests run one at a time, one save each):
    /// how long the in-memory part (features → models → candidates → policy → rank → explanation, HTTP and JSON)
    /// takes per request, so its percentiles can be set beside the whole request's. Null when the saves and the
    /// requests do not pair up one to one.
    /// </summary>
    public double[]? WithoutSave(double[] requestMs)
    {
        var saves = _saves.ToArray();
        return saves.Length == requestMs.Length ? [.. requestMs.Select((ms, i) => ms - saves[i])] : null;
    }

    public void Dispose() => _listener.Dispose();

    private static string SqlKey(Activity activity)
    {
        var sql = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
        sql = string.Join(' ', sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return sql.Length <= SqlKeyLength ? sql : sql[..SqlKeyLength];
    }
}

/// <summary>One span name's calls and time per request.</summary>
public sealed record SpanShare(
    [property: System.Text.Json.Serialization.JsonPropertyName("span")] string Span,
    [property: System.Text.Json.Serialization.JsonPropertyName("calls_per_request")] double CallsPerRequest,
    [property: System.Text.Json.Serialization.JsonPropertyName("ms_per_request")] double MsPerRequest,
    [property: System.Text.Json.Serialization.JsonPropertyName("bytes_per_request")] long BytesPerRequest);
