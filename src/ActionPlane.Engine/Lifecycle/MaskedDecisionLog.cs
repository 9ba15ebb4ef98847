using System.Text;
using System.Text.Json.Nodes;
using ActionPlane.Policies.DecisionLogs;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// The stored form of a masked decision-log entry. The gate's input and result are already recorded
/// beside the entry (<see cref="PolicyEvaluated"/>'s and <see cref="DecisionRecord"/>'s <c>Input</c> and
/// <c>Result</c>), so the entry is stored without its masked copy of the input: what the mask did
/// (<c>erased</c>, <c>masked</c>, and the upserted values in <see cref="MaskedValuesKey"/>) is enough to
/// derive the masked input from the recorded one on read; its <c>result</c> is left out too when the
/// mask left it as recorded. An entry the compact form cannot reproduce exactly is stored whole, as are
/// entries recorded before this form existed: <see cref="Expand"/> tells them apart by their
/// <c>input</c> key.
/// </summary>
public static class MaskedDecisionLog
{
    /// <summary>The values the mask upserted, aligned with <c>masked</c> (null for a <c>/result</c> path: the stored result is already masked).</summary>
    public const string MaskedValuesKey = "masked_values";

    /// <summary>
    /// A copy of <paramref name="entry"/> without its input (and its result when it is
    /// <paramref name="result"/>) when <see cref="Expand"/> gives the entry back exactly from
    /// <paramref name="input"/> and <paramref name="result"/>; otherwise a copy of the whole entry.
    /// </summary>
    public static JsonObject Compact(JsonObject entry, JsonObject input, JsonObject result)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        if (!entry.ContainsKey("input"))
            return entry.DeepClone().AsObject();
        // Same JSON text means the same document (a different text for the same value only costs the saving).
        var sameResult = entry["result"]?.ToJsonString() == result.ToJsonString();
        var compact = new JsonObject();
        foreach (var (key, value) in entry)
            if (key != "input" && !(key == "result" && sameResult))
                compact[key] = value?.DeepClone();
        if (entry["masked"] is JsonArray masked)
        {
            var values = new JsonArray();
            foreach (var path in masked.Select(p => p?.GetValue<string>() ?? ""))
            {
                if (!IsInputPath(path))
                {
                    values.Add(null);
                    continue;
                }
                // An upsert a later erase took away again leaves traces (created parents) the values cannot replay.
                if (!TryGet(entry, JsonPointer.Parse(path), out var value))
                    return entry.DeepClone().AsObject();
                values.Add(value?.DeepClone());
            }
            compact[MaskedValuesKey] = values;
        }
        // Checked on the text, not by rebuilding the whole entry: only the input is derived.
        var derived = compact.ContainsKey("masked") || compact.ContainsKey("erased") ? MaskedInput(compact, input) : input;
        return derived?.ToJsonString() == entry["input"]?.ToJsonString() ? compact : entry.DeepClone().AsObject();
    }

    /// <summary>
    /// The whole masked entry, its keys in the order PostgreSQL's <c>jsonb</c> keeps them (length, then
    /// bytes), so a derived entry reads exactly like one stored whole.
    /// </summary>
    public static JsonObject Expand(JsonObject stored, JsonObject input, JsonObject result)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        if (stored.ContainsKey("input"))
            return (JsonObject)Canonical(stored)!;
        var entry = new JsonObject();
        foreach (var (key, value) in stored)
            if (key != MaskedValuesKey)
                entry[key] = value?.DeepClone();
        entry["input"] = MaskedInput(stored, input);
        if (!entry.ContainsKey("result"))
            entry["result"] = result.DeepClone();
        return (JsonObject)Canonical(entry)!;
    }

    // The masker's order: every upsert, then every erase (only the /input ones: the stored result is already masked).
    private static JsonNode? MaskedInput(JsonObject stored, JsonObject input)
    {
        var document = new JsonObject { ["input"] = input.DeepClone() };
        var values = stored[MaskedValuesKey] as JsonArray;
        if (stored["masked"] is JsonArray masked)
            for (var i = 0; i < masked.Count; i++)
                if (masked[i]?.GetValue<string>() is { } path && IsInputPath(path))
                    JsonPointer.Upsert(document, JsonPointer.Parse(path), values?[i]);
        if (stored["erased"] is JsonArray erased)
            foreach (var path in erased.Select(p => p?.GetValue<string>() ?? ""))
                if (IsInputPath(path))
                    JsonPointer.Remove(document, JsonPointer.Parse(path));
        var maskedInput = document["input"];
        document.Remove("input");
        return maskedInput;
    }

    private static bool IsInputPath(string path) => path == "/input" || path.StartsWith("/input/", StringComparison.Ordinal);

    private static bool TryGet(JsonObject document, IReadOnlyList<string> segments, out JsonNode? value)
    {
        JsonNode? current = document;
        foreach (var segment in segments)
        {
            switch (current)
            {
                case JsonObject o when o.TryGetPropertyValue(segment, out var next):
                    current = next;
                    break;
                case JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count:
                    current = a[i];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        value = current;
        return true;
    }

    // A deep copy with every object's keys in jsonb's order: shorter first, then by UTF-8 bytes.
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, JsonbKeyOrder.Instance)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        _ => node?.DeepClone(),
    };

    private sealed class JsonbKeyOrder : IComparer<string>
    {
        public static readonly JsonbKeyOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = Encoding.UTF8.GetBytes(x ?? "");
            var b = Encoding.UTF8.GetBytes(y ?? "");
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
        }
    }
}
