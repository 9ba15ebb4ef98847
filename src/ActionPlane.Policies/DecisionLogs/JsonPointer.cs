using System.Text.Json.Nodes;

namespace ActionPlane.Policies.DecisionLogs;

/// <summary>RFC 6901 JSON pointers restricted, like OPA's mask, to the record's /input and /result.</summary>
public static class JsonPointer
{
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (!pointer.StartsWith('/'))
        {
            throw new FormatException($"mask path must be a JSON pointer starting with '/', got \"{pointer}\"");
        }

        var segments = pointer[1..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToArray();
        if (segments[0] is not ("input" or "result"))
        {
            throw new FormatException($"mask path must start with /input or /result, got \"{pointer}\"");
        }

        return segments;
    }

    /// <summary>Removes the node at the pointer; false when there was nothing to remove.</summary>
    public static bool Remove(JsonObject document, IReadOnlyList<string> segments)
    {
        var parent = Walk(document, segments, create: false);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o:
                return o.Remove(last);
            case JsonArray a when Index(last, a.Count) is { } i:
                a.RemoveAt(i);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Sets the node at the pointer, creating missing parent objects.</summary>
    public static void Upsert(JsonObject document, IReadOnlyList<string> segments, JsonNode? value)
    {
        var parent = Walk(document, segments, create: true);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value?.DeepClone();
                break;
            case JsonArray a when Index(last, a.Count) is { } i:
                a[i] = value?.DeepClone();
                break;
            default:
                throw new FormatException($"mask path /{string.Join('/', segments)} does not lead to an object or array");
        }
    }

    private static JsonNode? Walk(JsonObject document, IReadOnlyList<string> segments, bool create)
    {
        JsonNode? current = document;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var segment = segments[i];
            var next = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when Index(segment, a.Count) is { } idx => a[idx],
                _ => null,
            };
            if (next is null && create && current is JsonObject parent)
            {
                next = new JsonObject();
                parent[segment] = next;
            }

            current = next;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static int? Index(string segment, int count) =>
        int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < count ? i : null;
}
