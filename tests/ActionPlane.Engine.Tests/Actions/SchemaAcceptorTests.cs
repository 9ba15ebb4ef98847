using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ActionPlane.Engine.Tests.Actions;

/// <summary>
/// The quick acceptor in front of NJsonSchema may only say "valid" when NJsonSchema agrees: checked on the
/// catalog's examples and on thousands of mutations of them (wrong types, lengths, enums, formats,
/// patterns, missing and extra fields, items).
/// </summary>
public sealed class SchemaAcceptorTests
{
    private static readonly JsonNode?[] s_replacements =
    [
        null, "", "x", new string('x', 65), new string('x', 300), "é", "ééé", "a b", "a/b", "usr-1", "in_app", "email", "nope",
        "adoption", "pricing", "pro", "enterprise", "starter", "high", "2026-12-01", "2026-13-01", "2026-12-01T10:00:00Z",
        "2026-12-01T10:00:00", "not a date", "a@b.example", "a@", 0, -5, 1, 3, 14, 50, 51, 90, 1000000, 3.5, 10.0, true, false,
        new JsonArray(), new JsonArray("a"), new JsonArray(1, 2), new JsonObject(), new JsonObject { ["k"] = "v" }, new JsonObject { ["k"] = 1 },
    ];

    [Theory]
    [MemberData(nameof(CatalogExamples.AllTypes), MemberType = typeof(CatalogExamples))]
    public void Acceptor_AcceptsTheCatalogExample(string type)
    {
        var acceptor = SchemaAcceptor.For(ActionCatalog.Default.SchemaText(new ActionTypeId(type)), new JsonSchemaValidatorSettings());

        acceptor.Should().NotBeNull("every catalog schema uses only keywords the acceptor knows");
        acceptor!.Accepts(CatalogExamples.ValidPayload(type)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(CatalogExamples.AllTypes), MemberType = typeof(CatalogExamples))]
    public async Task Acceptor_NeverAcceptsAPayload_NJsonSchemaRejects(string type)
    {
        var text = ActionCatalog.Default.SchemaText(new ActionTypeId(type));
        var acceptor = SchemaAcceptor.For(text, new JsonSchemaValidatorSettings())!;
        var njsonschema = new PayloadValidator(type, await JsonSchema.FromJsonAsync(text));
        var random = new Random(type.Length * 7919);
        var (accepted, rejected) = (0, 0);

        for (var i = 0; i < 1500; i++)
        {
            var payload = Mutate(CatalogExamples.ValidPayload(type), random, 1 + random.Next(3));
            var errors = njsonschema.Validate(payload);
            if (acceptor.Accepts(payload))
            {
                errors.Should().BeEmpty($"the acceptor said valid for {payload.ToJsonString()}");
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        accepted.Should().BeGreaterThan(0);
        rejected.Should().BeGreaterThan(0);
    }

    private static JsonNode Mutate(JsonNode node, Random random, int times)
    {
        for (var t = 0; t < times; t++)
        {
            var target = Pick(node, random);
            switch (target)
            {
                case JsonObject o when o.Count > 0 && random.Next(4) == 0:
                    o.Remove(o.ElementAt(random.Next(o.Count)).Key);
                    break;
                case JsonObject o when random.Next(4) == 0:
                    o["extra_" + random.Next(3)] = Replacement(random);
                    break;
                case JsonObject o when o.Count > 0:
                    o[o.ElementAt(random.Next(o.Count)).Key] = Replacement(random);
                    break;
                case JsonArray a when a.Count > 0 && random.Next(2) == 0:
                    a[random.Next(a.Count)] = Replacement(random);
                    break;
                case JsonArray a when random.Next(2) == 0 && a.Count > 0:
                    a.RemoveAt(0);
                    break;
                case JsonArray a:
                    for (var n = random.Next(1, 12); n > 0; n--)
                        a.Add(Replacement(random));
                    break;
            }
        }
        return node;
    }

    private static JsonNode Pick(JsonNode node, Random random)
    {
        var containers = new List<JsonNode> { node };
        for (var i = 0; i < containers.Count; i++)
        {
            IEnumerable<JsonNode?> children = containers[i] switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a, _ => [] };
            containers.AddRange(children.Where(c => c is JsonObject or JsonArray)!);
        }
        return containers[random.Next(containers.Count)];
    }

    private static JsonNode? Replacement(Random random) => s_replacements[random.Next(s_replacements.Length)]?.DeepClone();
}
