using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Actions;

/// <summary>
/// The kinds of action ActionPlane may propose, read from the JSON Schemas under
/// <c>policies/schemas/actions/</c> (embedded in this assembly), with payload validation against them.
/// </summary>
public sealed class ActionCatalog
{
    private const string ResourcePrefix = "actions/";
    private const string ResourceSuffix = ".schema.json";

    private static readonly Lazy<ActionCatalog> s_default = new(LoadEmbedded);

    private readonly Dictionary<string, CatalogEntry> _entries;

    internal ActionCatalog(IEnumerable<KeyValuePair<string, string>> schemasByType)
    {
        _entries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (var (type, text) in schemasByType)
        {
            if (_entries.ContainsKey(type))
            {
                throw new InvalidOperationException($"Action type '{type}' is defined twice in the catalog.");
            }

            _entries[type] = CatalogSchemaReader.Read(type, text);
        }

        All = _entries.Values.Select(e => e.Definition).OrderBy(d => d.Type.Value, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The catalog built from the schemas embedded in this assembly, loaded once.</summary>
    public static ActionCatalog Default => s_default.Value;

    /// <summary>Every action type, ordered by name.</summary>
    public IReadOnlyList<ActionDefinition> All { get; }

    public bool TryGet(string type, [NotNullWhen(true)] out ActionDefinition? definition)
    {
        if (type is not null && _entries.TryGetValue(type, out var entry))
        {
            definition = entry.Definition;
            return true;
        }

        definition = null;
        return false;
    }

    /// <exception cref="KeyNotFoundException">The type is not in the catalog; the message names it.</exception>
    public ActionDefinition Get(ActionTypeId type) => Entry(type.Value).Definition;

    /// <summary>
    /// Checks a payload against its action type's schema. An empty list means valid. An unknown type
    /// gives a single error at path <c>actionType</c>, so callers can report both cases the same way.
    /// </summary>
    public IReadOnlyList<PayloadError> Validate(string type, JsonNode? payload)
    {
        if (type is null || !_entries.TryGetValue(type, out var entry))
        {
            return [new PayloadError("actionType", $"actionType: '{type}' is not a known action type; known types are {KnownTypes()}.")];
        }

        return entry.Validator.Validate(payload);
    }

    /// <summary>The raw JSON Schema text of a type, as shipped, for reviewers in the audit UI.</summary>
    /// <exception cref="KeyNotFoundException">The type is not in the catalog; the message names it.</exception>
    public string SchemaText(ActionTypeId type) => Entry(type.Value).SchemaText;

    private CatalogEntry Entry(string? type) =>
        type is not null && _entries.TryGetValue(type, out var entry)
            ? entry
            : throw new KeyNotFoundException($"Action type '{type}' is not in the catalog; known types are {KnownTypes()}.");

    private string KnownTypes() => string.Join(", ", All.Select(d => d.Type.Value));

    private static ActionCatalog LoadEmbedded()
    {
        var assembly = typeof(ActionCatalog).Assembly;
        var schemas = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(n => KeyValuePair.Create(n[ResourcePrefix.Length..^ResourceSuffix.Length], ReadResource(assembly, n)))
            .ToList();
        if (schemas.Count == 0)
        {
            throw new InvalidOperationException(
                "No action schemas are embedded in ActionPlane.Engine; expected resources named 'actions/<type>.schema.json' from policies/schemas/actions/.");
        }

        return new ActionCatalog(schemas);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' could not be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
