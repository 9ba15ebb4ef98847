using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPlane.Cli.Bench;

/// <summary>The figures of one <c>policy bench</c> run, serialised with <c>opa bench</c>-style snake_case names.</summary>
internal sealed record BenchResult
{
    [JsonPropertyName("query")] public required string Query { get; init; }
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("result_defined")] public required bool ResultDefined { get; init; }
    [JsonPropertyName("n")] public required int N { get; init; }
    [JsonPropertyName("warmup_ops")] public required long WarmupOps { get; init; }
    [JsonPropertyName("t_ns")] public required long TotalNs { get; init; }
    [JsonPropertyName("ns_per_op")] public required long NsPerOp { get; init; }
    [JsonPropertyName("median_ns")] public required long MedianNs { get; init; }
    [JsonPropertyName("p90_ns")] public required long P90Ns { get; init; }
    [JsonPropertyName("p99_ns")] public required long P99Ns { get; init; }
    [JsonPropertyName("min_ns")] public required long MinNs { get; init; }
    [JsonPropertyName("max_ns")] public required long MaxNs { get; init; }
    [JsonPropertyName("bytes_per_op")] public required long BytesPerOp { get; init; }
    [JsonPropertyName("allocs_per_op")] public required long AllocsPerOp { get; init; }
    [JsonPropertyName("allocs_method")] public required string AllocsMethod { get; init; }
    [JsonPropertyName("gc_collections")] public required int[] GcCollections { get; init; }

    /// <summary>Where the bytes go: the most sampled types and their share of allocated bytes.</summary>
    [JsonPropertyName("alloc_top_types")] public required AllocatedType[] AllocTopTypes { get; init; }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>A two-column table, like <c>opa bench</c>'s default output.</summary>
    public string ToTable()
    {
        (string, string)[] rows =
        [
            ("query", Query), ("mode", Mode), ("result defined", ResultDefined ? "yes" : "no"),
            ("samples", N.ToString(CultureInfo.InvariantCulture)),
            ("ns/op", Ns(NsPerOp)), ("median", Ns(MedianNs)), ("90%", Ns(P90Ns)), ("99%", Ns(P99Ns)),
            ("min", Ns(MinNs)), ("max", Ns(MaxNs)),
            ("B/op", BytesPerOp.ToString(CultureInfo.InvariantCulture)),
            ("allocs/op", $"{AllocsPerOp.ToString(CultureInfo.InvariantCulture)} ({AllocsMethod})"),
            ("gc gen0/1/2", string.Join('/', GcCollections)),
        ];
        rows = [.. rows, .. AllocTopTypes.Select(t => ("  " + t.Type, $"{t.ShareOfBytes:P0} of bytes"))];
        var width = rows.Max(r => r.Item1.Length);
        return string.Join(Environment.NewLine, rows.Select(r => $"{r.Item1.PadRight(width)}  {r.Item2}"));
    }

    private static string Ns(long ns) => $"{ns.ToString(CultureInfo.InvariantCulture)} ns";
}

/// <summary>One allocated type and its sampled share of the bytes allocated per operation.</summary>
internal sealed record AllocatedType(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("share_of_bytes")] double ShareOfBytes);
