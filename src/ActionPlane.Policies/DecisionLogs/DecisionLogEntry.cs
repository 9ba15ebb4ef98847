using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ActionPlane.Policies.DecisionLogs;

/// <summary>
/// One decision as OPA's decision log records it (<c>decision_id</c>, <c>path</c>, <c>input</c>,
/// <c>result</c>, <c>bundles.{name}.revision</c>, <c>timestamp</c>, <c>metrics</c>, <c>erased</c>,
/// <c>masked</c>), so tooling built for OPA logs reads ActionPlane's audit trail unchanged.
/// </summary>
public sealed record DecisionLogEntry
{
    /// <summary>The bundle name ActionPlane's own policies are recorded under.</summary>
    public const string DefaultBundleName = "actionplane";

    /// <summary>The gate's data path, in the slash form OPA logs use.</summary>
    public const string GatePath = "actionplane/gate/decision";

    [JsonPropertyName("decision_id")]
    public required string DecisionId { get; init; }

    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>The input after masking; null once masking erased it entirely.</summary>
    [JsonPropertyName("input")]
    public JsonNode? Input { get; init; }

    [JsonPropertyName("result")]
    public JsonNode? Result { get; init; }

    [JsonPropertyName("bundles")]
    public required IReadOnlyDictionary<string, BundleRevision> Bundles { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("metrics")]
    public required IReadOnlyDictionary<string, long> Metrics { get; init; }

    /// <summary>The evaluation error the decision failed closed on, as OPA logs <c>error</c>.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>JSON pointers removed by the mask policy.</summary>
    [JsonPropertyName("erased")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Erased { get; init; }

    /// <summary>JSON pointers replaced by the mask policy (<c>upsert</c>).</summary>
    [JsonPropertyName("masked")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Masked { get; init; }

    /// <summary>Why masking failed (ActionPlane extension, not in OPA's schema); the whole input is then erased.</summary>
    [JsonPropertyName("mask_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MaskError { get; init; }

    /// <summary>
    /// Builds the record for a gate decision. It refers to the caller's input rather than copying it:
    /// masking works on copies and <see cref="ToJsonObject"/> copies, so the caller's document is never touched.
    /// </summary>
    public static DecisionLogEntry FromDecision(PolicyDecision decision, JsonObject input, DateTimeOffset timestamp,
        string path = GatePath, string bundleName = DefaultBundleName)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleName);
        return new DecisionLogEntry
        {
            DecisionId = decision.DecisionId,
            Path = path.Trim('/'),
            Input = input,
            Result = ResultOf(decision),
            Bundles = new Dictionary<string, BundleRevision> { [bundleName] = new(decision.Revision) },
            Timestamp = timestamp,
            Metrics = new Dictionary<string, long> { ["timer_rego_query_eval_ns"] = decision.EvaluationNanoseconds },
            Error = decision.Error,
        };
    }

    /// <summary>
    /// The record as a JSON object, a copy. Serialized once and read back lazily (nodes are built only
    /// when someone walks them), which is cheaper to keep and copy than a tree of separate nodes.
    /// </summary>
    public JsonObject ToJsonObject() => (JsonObject)JsonSerializer.SerializeToNode(this)!;

    /// <summary>
    /// The record with <c>input</c> and <c>result</c> null: the serializer writes the small fields (so their
    /// shape stays its own) and the masker lends the two documents, without printing the whole gate input.
    /// </summary>
    internal JsonObject Envelope() => (JsonObject)JsonSerializer.SerializeToNode(this with { Input = null, Result = null })!;

    public string ToJson() => JsonSerializer.Serialize(this);

    // The gate's result document, rebuilt from the decision in the gate contract's shape.
    private static JsonObject ResultOf(PolicyDecision decision) => new()
    {
        ["allow"] = decision.Allow,
        ["deny"] = new JsonArray(decision.Deny
            .Select(v => (JsonNode?)new JsonObject { ["rule"] = v.Rule, ["message"] = v.Message })
            .ToArray()),
        ["requires_approval"] = decision.RequiresApproval,
        ["obligations"] = decision.Obligations.DeepClone(),
    };
}

/// <summary>The revision of one bundle a decision was made under.</summary>
public sealed record BundleRevision([property: JsonPropertyName("revision")] string Revision);
