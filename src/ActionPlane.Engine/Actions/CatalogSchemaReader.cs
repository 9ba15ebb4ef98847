using System.Text.Json;
using NJsonSchema;

namespace ActionPlane.Engine.Actions;

/// <summary>
/// Turns one action schema file into a catalog entry. A malformed catalog is a packaging bug, so it
/// fails loudly at load, naming the file and the field, rather than letting a bad action through later.
/// </summary>
internal static class CatalogSchemaReader
{
    private const string Extension = "x-actionplane";

    private static readonly string[] s_audiences = ["user", "account", "csm"];
    private static readonly string[] s_channels = ["in_app", "email", "csm_task", "billing"];
    private static readonly string[] s_categories = ["onboarding", "adoption", "retention", "pricing", "support"];

    public static CatalogEntry Read(string type, string schemaText)
    {
        using var document = Parse(type, schemaText);
        var root = document.RootElement;

        if (!root.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
        {
            throw Invalid(type, "the payload schema must set \"additionalProperties\": false");
        }

        if (!root.TryGetProperty(Extension, out var meta) || meta.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(type, $"the schema has no \"{Extension}\" object");
        }

        var definition = new ActionDefinition(
            new ActionTypeId(type),
            Title: RequiredString(type, meta, "title"),
            Description: RequiredString(type, meta, "description"),
            Audience: OneOf(type, meta, "audience", s_audiences),
            Channel: OneOf(type, meta, "channel", s_channels),
            Category: OneOf(type, meta, "category", s_categories),
            Consequential: RequiredBool(type, meta, "consequential"),
            Reversible: RequiredBool(type, meta, "reversible"),
            Undo: RequiredString(type, meta, "undo"),
            Cost: RequiredNumber(type, meta, "cost"),
            CooldownDays: RequiredCooldown(type, meta));

        // NJsonSchema parses synchronously for a self-contained schema (no remote $ref), so blocking is safe.
        var schema = JsonSchema.FromJsonAsync(schemaText).GetAwaiter().GetResult();
        return new CatalogEntry(definition, new PayloadValidator(type, schema, schemaText), schemaText);
    }

    private static JsonDocument Parse(string type, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw Invalid(type, $"the file is not valid JSON ({ex.Message})");
        }
    }

    private static string RequiredString(string type, JsonElement meta, string field) =>
        meta.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw Invalid(type, $"{Extension}.{field} must be a non-empty string");

    private static string OneOf(string type, JsonElement meta, string field, string[] allowed)
    {
        var value = RequiredString(type, meta, field);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Invalid(type, $"{Extension}.{field} is '{value}', expected one of {string.Join(", ", allowed)}");
    }

    private static bool RequiredBool(string type, JsonElement meta, string field) =>
        meta.TryGetProperty(field, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw Invalid(type, $"{Extension}.{field} must be true or false");

    private static decimal RequiredNumber(string type, JsonElement meta, string field) =>
        meta.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && number >= 0
            ? number
            : throw Invalid(type, $"{Extension}.{field} must be a number of at least 0");

    private static int RequiredCooldown(string type, JsonElement meta) =>
        meta.TryGetProperty("cooldown_days", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var days) && days >= 0
            ? days
            : throw Invalid(type, $"{Extension}.cooldown_days must be a whole number of days, at least 0");

    private static InvalidOperationException Invalid(string type, string problem) =>
        new($"Action schema '{type}.schema.json' is invalid: {problem}.");
}
