using System.Text.Json.Nodes;

namespace ActionPlane.Policies.DecisionLogs;

/// <summary>One parsed mask rule: erase (remove) or upsert at a JSON pointer under /input or /result.</summary>
internal sealed record MaskRule(string Path, IReadOnlyList<string> Segments, bool Upsert, JsonNode? Value)
{
    /// <summary>Parses the mask document (a set of rules, as a JSON array); null (undefined) means no rules.</summary>
    public static List<MaskRule> ParseAll(JsonNode? result)
    {
        switch (result)
        {
            case null:
                return [];
            case JsonArray items:
                var rules = items.Select(Parse).ToList();
                // Erase after upserts, in a stable order, so two rules on one path end the same way every time.
                return [.. rules.OrderBy(r => r.Upsert ? 0 : 1).ThenBy(r => r.Path, StringComparer.Ordinal)];
            default:
                throw new FormatException($"data.system.log.mask must be a set of rules, got {result.GetValueKind()}");
        }
    }

    private static MaskRule Parse(JsonNode? item)
    {
        if (item is JsonValue v && v.TryGetValue<string>(out var pointer))
        {
            return new MaskRule(pointer, JsonPointer.Parse(pointer), false, null);
        }

        if (item is not JsonObject o || o["op"] is not JsonValue opNode || !opNode.TryGetValue<string>(out var op))
        {
            throw new FormatException($"mask rule must be a JSON pointer string or an object with \"op\", got {item?.ToJsonString() ?? "null"}");
        }

        if (o["path"] is not JsonValue pathNode || !pathNode.TryGetValue<string>(out var path))
        {
            throw new FormatException($"mask rule {o.ToJsonString()} needs a string \"path\"");
        }

        return op switch
        {
            "remove" => new MaskRule(path, JsonPointer.Parse(path), false, null),
            "upsert" when o.ContainsKey("value") => new MaskRule(path, JsonPointer.Parse(path), true, o["value"]?.DeepClone()),
            "upsert" => throw new FormatException($"mask rule {o.ToJsonString()} needs a \"value\" to upsert"),
            _ => throw new FormatException($"mask rule op must be \"remove\" or \"upsert\", got \"{op}\""),
        };
    }
}
