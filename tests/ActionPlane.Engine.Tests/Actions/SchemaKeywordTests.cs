using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;

namespace ActionPlane.Engine.Tests.Actions;

/// <summary>
/// Guards against schema keywords NJsonSchema 11.6 parses but never enforces: a schema using them
/// would look strict to a reviewer while letting bad payloads through.
/// </summary>
public sealed class SchemaKeywordTests
{
    private static readonly HashSet<string> s_enforced =
    [
        "$schema", "title", "description", "type", "properties", "required", "additionalProperties",
        "minLength", "maxLength", "pattern", "format", "enum", "minimum", "maximum",
        "items", "minItems", "maxItems", "maxProperties", "x-actionplane",
    ];

    [Theory]
    [MemberData(nameof(CatalogExamples.AllTypes), MemberType = typeof(CatalogExamples))]
    public void Schema_UsesOnlyKeywordsTheValidatorEnforces(string type)
    {
        var schema = JsonNode.Parse(ActionCatalog.Default.SchemaText(new ActionTypeId(type)))!.AsObject();

        var keywords = Keywords(schema).Distinct().ToList();

        keywords.Should().OnlyContain(k => s_enforced.Contains(k), "NJsonSchema ignores the others");
    }

    private static IEnumerable<string> Keywords(JsonObject schema)
    {
        foreach (var (keyword, value) in schema)
        {
            yield return keyword;
            var nested = keyword switch
            {
                "properties" => value!.AsObject().Select(p => p.Value).OfType<JsonObject>(),
                "items" or "additionalProperties" when value is JsonObject child => [child],
                _ => [],
            };
            foreach (var inner in nested.SelectMany(Keywords))
            {
                yield return inner;
            }
        }
    }
}
