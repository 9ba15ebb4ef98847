using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Rego;

/// <summary>Converts between Rego values and JSON the way <c>opa eval</c> prints them.</summary>
internal static class ValueJson
{
    public static string Serialize(Value value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, Value value)
    {
        switch (value)
        {
            case NullValue:
                sb.Append("null");
                break;
            case BoolValue b:
                sb.Append(b.Value ? "true" : "false");
                break;
            case NumberValue n:
                sb.Append(n.Text ?? n.Value.ToString());
                break;
            case StringValue s:
                WriteString(sb, s.Value);
                break;
            case ArrayValue a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(sb, a.Items[i]);
                }

                sb.Append(']');
                break;
            case SetValue set:
                sb.Append('[');
                var first = true;
                foreach (var item in set.Sorted)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Write(sb, item);
                }

                sb.Append(']');
                break;
            case ObjectValue o:
                sb.Append('{');
                var firstKey = true;
                foreach (var (k, v) in o.Sorted)
                {
                    if (!firstKey)
                    {
                        sb.Append(',');
                    }

                    firstKey = false;
                    WriteString(sb, k is StringValue ks ? ks.Value : Serialize(k));
                    sb.Append(':');
                    Write(sb, v);
                }

                sb.Append('}');
                break;
        }
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '<': sb.Append("\\u003c"); break;
                case '>': sb.Append("\\u003e"); break;
                case '&': sb.Append("\\u0026"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Parses JSON text, keeping numbers exact.</summary>
    public static Value Parse(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        if (!reader.Read())
        {
            throw new JsonException("empty JSON document");
        }

        var value = Read(ref reader);
        if (reader.Read())
        {
            throw new JsonException("unexpected data after the JSON document");
        }

        return value;
    }

    private static Value Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return Value.Null;
            case JsonTokenType.True: return Value.True;
            case JsonTokenType.False: return Value.False;
            case JsonTokenType.String: return new StringValue(reader.GetString()!);
            case JsonTokenType.Number:
                var text = Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                return Number.TryParse(text, out var n) ? NumberValue.FromText(n, text) : throw new JsonException($"invalid number {text}");
            case JsonTokenType.StartArray:
                var items = new List<Value>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader));
                }

                return new ArrayValue(items);
            case JsonTokenType.StartObject:
                var map = new Dictionary<Value, Value>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map[new StringValue(key)] = Read(ref reader);
                }

                return new ObjectValue(map);
            default:
                throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }

    /// <summary>
    /// Converts a JSON node tree directly (no serialize and re-parse per decision). Numbers keep their
    /// JSON text exactly; scalars the walk does not know are read through their JSON text.
    /// </summary>
    public static Value FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return Value.Null;
            case JsonObject o:
                var map = new Dictionary<Value, Value>(o.Count);
                foreach (var (key, child) in o)
                {
                    map[new StringValue(key)] = FromNode(child);
                }

                return new ObjectValue(map);
            case JsonArray a:
                var items = new Value[a.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = FromNode(a[i]);
                }

                return new ArrayValue(items);
            default:
                var value = (JsonValue)node;
                switch (value.GetValueKind())
                {
                    case JsonValueKind.True:
                        return Value.True;
                    case JsonValueKind.False:
                        return Value.False;
                    case JsonValueKind.Null:
                        return Value.Null;
                    case JsonValueKind.String when value.TryGetValue<string>(out var text):
                        return new StringValue(text);
                    // Integers (ints from C# objects or JSON text without a fraction) need no text: printing them
                    // to parse them again was most of what converting a gate input allocated.
                    case JsonValueKind.Number when value.TryGetValue<int>(out var small):
                        return Value.Num(small);
                    case JsonValueKind.Number when value.TryGetValue<long>(out var integer):
                        return Value.Num(integer);
                    case JsonValueKind.Number when value.ToJsonString() is var numberText && Number.TryParse(numberText, out var number):
                        return NumberValue.FromText(number, numberText);
                    default:
                        return Parse(value.ToJsonString());
                }
        }
    }

    /// <summary>
    /// The part of <paramref name="input"/> that <paramref name="reads"/> covers, as <see cref="FromNode"/>
    /// would convert it. A reference through the read prefixes finds the same value here as in the whole
    /// input: a missing key stays missing, and a non-object on the way is left out because a string key
    /// below it is undefined either way.
    /// </summary>
    public static ObjectValue Project(JsonObject input, InputReads.Tree reads)
    {
        var map = new Dictionary<Value, Value>(reads.Keys.Length);
        foreach (var (key, below) in reads.Keys)
        {
            if (!input.TryGetPropertyValue(key, out var child))
            {
                continue;
            }

            if (below is null)
            {
                map[new StringValue(key)] = FromNode(child);
            }
            else if (child is JsonObject o)
            {
                map[new StringValue(key)] = Project(o, below);
            }
        }

        return new ObjectValue(map);
    }

    /// <summary>Builds the JSON tree <see cref="Serialize"/> would print, without printing and re-parsing it.</summary>
    public static JsonNode? ToNode(Value value)
    {
        switch (value)
        {
            case NullValue:
                return null;
            case BoolValue b:
                return JsonValue.Create(b.Value);
            case StringValue s:
                return JsonValue.Create(s.Value);
            case NumberValue n:
                // Parsed from its text so that numbers beyond double stay exact.
                return JsonNode.Parse(n.Text ?? n.Value.ToString());
            case ArrayValue a:
                var array = new JsonArray();
                foreach (var item in a.Items)
                {
                    array.Add(ToNode(item));
                }

                return array;
            case SetValue set:
                var members = new JsonArray();
                foreach (var item in set.Sorted)
                {
                    members.Add(ToNode(item));
                }

                return members;
            default:
                var obj = new JsonObject();
                foreach (var (k, v) in ((ObjectValue)value).Sorted)
                {
                    obj[k is StringValue ks ? ks.Value : Serialize(k)] = ToNode(v);
                }

                return obj;
        }
    }
}
