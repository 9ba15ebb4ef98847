using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPlane.Bench.Propose;

/// <summary>Percentiles of the per-request times plus load-independent figures (allocations, SQL commands per request).</summary>
public sealed record ProposeBenchResult(
    [property: JsonPropertyName("accounts")] int Accounts,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("p50_ms")] double P50,
    [property: JsonPropertyName("p90_ms")] double P90,
    [property: JsonPropertyName("p99_ms")] double P99,
    [property: JsonPropertyName("max_ms")] double Max,
    [property: JsonPropertyName("mean_ms")] double Mean,
    [property: JsonPropertyName("requests_per_s")] double Throughput,
    [property: JsonPropertyName("bytes_per_request")] long BytesPerRequest,
    [property: JsonPropertyName("sql_commands_per_request")] double SqlPerRequest,
    [property: JsonPropertyName("proposals_per_request")] double ProposalsPerRequest,
    [property: JsonPropertyName("gc_gen0")] int Gen0,
    [property: JsonPropertyName("gc_gen2")] int Gen2,
    [property: JsonPropertyName("cpus")] int Cpus,
    [property: JsonPropertyName("load_average")] string LoadAverage)
{
    /// <summary>Whether the cluster flushed its WAL on every commit (<c>--durable</c>), as the product's own does.</summary>
    [JsonPropertyName("durable")]
    public bool Durable { get; init; }

    /// <summary>With <c>--spans</c>: time per request in each ActionPlane span and SQL command (see <see cref="SpanTimes"/>).</summary>
    [JsonPropertyName("spans")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SpanShare>? Spans { get; init; }

    /// <summary>
    /// With <c>--spans</c>: p50 / p90 / p99 of each request's time minus its save span (the batched Marten write),
    /// i.e. of the pipeline before the write. A diagnostic of where the endpoint's p99 goes, not the target itself.
    /// </summary>
    [JsonPropertyName("without_save_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Percentiles? WithoutSave { get; init; }

    /// <summary>
    /// The process's garbage-collection pauses (<see cref="GC.GetTotalPauseDuration"/>) inside the timed requests, per request;
    /// requests run one at a time, so a pause inside one is that request's.
    /// </summary>
    [JsonPropertyName("gc_pause_ms_per_request")]
    public double GcPauseMsPerRequest { get; init; }

    /// <summary>p50 / p90 / p99 of each request's time less the GC pauses inside it: how much of the tail the collector makes.</summary>
    [JsonPropertyName("without_gc_pause_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Percentiles? WithoutGcPause { get; init; }

    /// <summary>CPU time of this process (client, Web host and engine together) per timed request.</summary>
    [JsonPropertyName("client_cpu_ms_per_request")]
    public double ClientCpuMsPerRequest { get; init; }

    /// <summary>CPU time of the private cluster's PostgreSQL processes per timed request (the save's server side, mostly).</summary>
    [JsonPropertyName("server_cpu_ms_per_request")]
    public double ServerCpuMsPerRequest { get; init; }

    /// <summary>Rows and JSON bytes each table gained per request (see <see cref="StoredBytes"/>).</summary>
    [JsonPropertyName("written")]
    public IReadOnlyList<TableShare> Written { get; init; } = [];

    /// <summary>JSON bytes written per request, all tables.</summary>
    [JsonPropertyName("json_bytes_written_per_request")]
    public long JsonBytesWrittenPerRequest => Written.Sum(t => t.BytesPerRequest);

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static ProposeBenchResult From(ProposeBenchOptions o, double[] samples, TimeSpan wall, long bytes, long sql, long proposals, int gen0, int gen2)
    {
        var sorted = samples.Order().ToArray();
        var at = Percentiles.Of(samples);
        return new(o.Accounts, sorted.Length, o.Repeat ? "repeat" : "first", at.P50, at.P90, at.P99, Round(sorted[^1]),
            Round(sorted.Average()), Math.Round(sorted.Length / wall.TotalSeconds, 1), bytes / sorted.Length,
            Math.Round((double)sql / sorted.Length, 1), Math.Round((double)proposals / sorted.Length, 2), gen0, gen2,
            Environment.ProcessorCount, LoadAverageNow());
    }

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    internal static double Round(double ms) => Math.Round(ms, 3);

    private static string LoadAverageNow()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}

/// <summary>p50 / p90 / p99 of a set of per-request times (nearest rank).</summary>
public sealed record Percentiles(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p90")] double P90,
    [property: JsonPropertyName("p99")] double P99)
{
    public static Percentiles Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => ProposeBenchResult.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)]);
        return new(At(0.50), At(0.90), At(0.99));
    }
}
