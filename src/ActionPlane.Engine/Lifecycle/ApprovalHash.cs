using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// What an approval is bound to: SHA-256 over the payload (canonical JSON: keys sorted, so the
/// database's key order does not matter) and the policy revision. Any edit of the payload or a new
/// policy revision gives another hash, and the gate stops counting approvals made under the old one.
/// </summary>
public static class ApprovalHash
{
    public static string Of(JsonObject payload, string policyRevision)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteCanonical(writer, payload);
        buffer.Write("\n"u8);
        buffer.Write(Encoding.UTF8.GetBytes(policyRevision));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                    WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
