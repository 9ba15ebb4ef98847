using System.Text.Json.Nodes;
using ActionPlane.Policies.Rego;
using ActionPlane.Policies.Tests.Gate;
using CsCheck;

namespace ActionPlane.Policies.Tests.Rego;

/// <summary>
/// Property tests: mutated policy text and random inputs never crash or hang the interpreter; every
/// failure is a Rego error, and parse errors carry a location.
/// </summary>
public sealed class RobustnessPropertyTests
{
    private const string FeatureSeed = """
        package actionplane.gate
        import rego.v1
        default grade := "c"
        grade := "a" if input.n > 90 else := "b" if input.n > 80
        f(x) := y if { y := x * 2 } else := 0
        m[k] := v if { some k, v in input.obj; v != null }
        s contains x if { some x in [1, 2, 3]; every y in [x] { y > 0 }; not x == 5 }
        c := {k: [v | v := input.xs[_]; v > k] | some k in numbers.range(1, 3)}
        t := $"{input.n} seats" if count(input.xs, n); n >= 0
        w := x if { x := count([1]) with count as f; y := input.n with input.n as 3 }
        decision := {"allow": true, "deny": [], "g": grade, "s": s, "t": `raw\n`, "e": 1.5e3}
        """;

    private static readonly string Seed = SampleGate.GateSource + "\n" + FeatureSeed[FeatureSeed.IndexOf("default", StringComparison.Ordinal)..];

    private static readonly Gen<string> MutatedPolicy =
        Gen.Select(Gen.Int[0, Seed.Length - 1], Gen.Int[0, 3], Gen.Char[' ', '~'], Gen.Int[1, 12])
            .Array[1, 6]
            .Select(edits =>
            {
                var text = Seed;
                foreach (var (pos, op, ch, len) in edits)
                {
                    var p = Math.Min(pos, text.Length - 1);
                    text = op switch
                    {
                        0 => text.Remove(p, Math.Min(len, text.Length - p)),
                        1 => text.Insert(p, new string(ch, len % 3 + 1)),
                        2 => text[..p] + ch + text[(p + 1)..],
                        _ => text.Insert(p, text.Substring(Math.Max(0, p - len), Math.Min(len, p))),
                    };
                }

                return text;
            });

    [Fact]
    public void MutatedPolicies_EitherCompileOrFailWithALocatedRegoError()
    {
        MutatedPolicy.Sample(text =>
        {
            try
            {
                var engine = RegoEngine.Create([("gate.rego", text)], ValueJson.Parse(SampleGate.Limits));
                var input = ValueJson.FromNode(SampleGate.Input());
                engine.Evaluate(["actionplane", "gate", "decision"], input, new EvalOptions { Timeout = TimeSpan.FromSeconds(1) });
            }
            catch (RegoException e) when (e.Code == RegoException.ParseError)
            {
                e.Location.Should().NotBeNull();
                e.Location!.Value.File.Should().Be("gate.rego");
                e.Location.Value.Row.Should().BePositive();
            }
            catch (RegoException)
            {
                // Compile and evaluation errors are the expected failure mode for a broken policy.
            }
        }, iter: 300);
    }

    private static readonly Gen<JsonNode?> Json = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
        ? Gen.OneOf(Gen.Int.Select(i => (JsonNode?)i), Gen.String.Select(s => (JsonNode?)s), Gen.Const((JsonNode?)null), Gen.Bool.Select(b => (JsonNode?)b))
        : Gen.OneOf(
            Gen.Int.Select(i => (JsonNode?)i),
            Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)d),
            Gen.String.Select(s => (JsonNode?)s),
            self.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(n => n?.DeepClone()).ToArray())),
            Gen.Select(Gen.OneOf<string>("operation", "action", "account", "history", "environment", "percent", "now", "x"), self).Array[0, 4]
                .Select(kvs => (JsonNode?)new JsonObject(kvs.DistinctBy(kv => kv.Item1).Select(kv => KeyValuePair.Create(kv.Item1, kv.Item2?.DeepClone()))))));

    [Fact]
    public async Task RandomInputs_AlwaysYieldADecision_NeverAnException()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());
        var inputs = Json.Select(node => node as JsonObject ?? new JsonObject { ["x"] = node?.DeepClone() });
        var decisions = new List<PolicyDecision>();

        inputs.Sample(input => decisions.Add(engine.EvaluateGateAsync(input).AsTask().GetAwaiter().GetResult()), iter: 300);

        decisions.Should().NotBeEmpty();
        decisions.Where(d => d.Error is not null).Should().AllSatisfy(d => d.Allow.Should().BeFalse());
        await Task.CompletedTask;
    }

    [Fact]
    public void RandomQueriesOverRandomData_NeverThrowAnythingButRegoErrors()
    {
        var fragments = Gen.OneOf<string>("input.x", "data.a[k]", "count(input)", "[1, 2][i]", "{\"a\": 1}[k]", "sum([1, i])", "x := input.x", "some k in input", "not input.y", "input.x == 1", "sprintf(\"%v\", [input])", "to_number(input.x)", "1 / input.x", "print()", "count(input, n)", "walk(input, [p, v])", "[a, b] := input", "input[_] == 1", "every z in input { z }", "x := $\"{input}\"", "k, v in input",
            "yaml.unmarshal(input.x)", "y := yaml.marshal(input)", "yaml.is_valid(input.x)", "yaml.unmarshal(yaml.marshal(input)) == input",
            "sprintf(\"%d %s %e %g %x %q %t\", [input.x, input.x, input.x, input.x, input.x, input.x, input.x])");
        Gen.Select(fragments.Array[1, 4], Json).Sample(t =>
        {
            var (parts, data) = t;
            try
            {
                var engine = RegoEngine.Create([], ValueJson.Parse("""{"a": {"b": 1}}"""));
                engine.Query(string.Join("; ", parts), ValueJson.FromNode(data), new EvalOptions { Timeout = TimeSpan.FromSeconds(1) });
            }
            catch (RegoException e)
            {
                e.Code.Should().NotBeNullOrEmpty();
            }
        }, iter: 300);
    }

    private static readonly string YamlSeed = "a: [1, 2.5, yes, ~]\nb:\n  - {c: 'd', e: \"f\"}\n  - &x g\n  - *x\nh: |\n  text\n---\ni: 0x1F\n";

    [Fact]
    public void MutatedYaml_IsEitherValidAndReadable_OrABuiltinError()
    {
        Gen.Select(Gen.Int[0, YamlSeed.Length - 1], Gen.Char[' ', '~'], Gen.Int[0, 2]).Array[1, 5].Sample(edits =>
        {
            var text = YamlSeed;
            foreach (var (pos, ch, op) in edits)
            {
                var p = Math.Min(pos, text.Length - 1);
                text = op switch { 0 => text.Remove(p, 1), 1 => text.Insert(p, ch.ToString()), _ => text[..p] + ch + text[(p + 1)..] };
            }

            var engine = RegoEngine.Create([("y.rego", "package y\nvalid := yaml.is_valid(input.t)\nvalue := yaml.unmarshal(input.t)")], null);
            var input = ValueJson.FromNode(new JsonObject { ["t"] = text });
            var options = new EvalOptions { StrictBuiltinErrors = true, Timeout = TimeSpan.FromSeconds(1) };
            var valid = engine.Evaluate(["y", "valid"], input, options);
            valid.Should().BeOfType<BoolValue>();
            try
            {
                engine.Evaluate(["y", "value"], input, options);
            }
            catch (RegoException e)
            {
                e.Code.Should().Be(RegoException.BuiltinError);
                e.Location.Should().NotBeNull();
                e.Message.Should().Contain("eval_builtin_error: yaml.unmarshal: ");
            }
        }, iter: 1000);
    }

    [Fact]
    public void YamlMarshal_ThenUnmarshal_GivesBackTheJsonValue()
    {
        var strings = Gen.OneOf(Gen.String.AlphaNumeric, Gen.OneOf<string>("yes", "No", "~", "null", "1", "0x10", "1e3", ".inf", "- a", "a: b", "#c", "'q'", "\"", "a\nb", " lead", "trail ", "", "2001-12-14", "1:20", "@x", "{}", "[]", "é ü"));
        var json = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
            ? Gen.OneOf(Gen.Int.Select(i => (JsonNode?)i), strings.Select(s => (JsonNode?)s), Gen.Const((JsonNode?)null), Gen.Bool.Select(b => (JsonNode?)b))
            : Gen.OneOf(
                Gen.Int.Select(i => (JsonNode?)i),
                Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)d),
                strings.Select(s => (JsonNode?)s),
                self.Array[0, 3].Select(items => (JsonNode?)new JsonArray(items.Select(n => n?.DeepClone()).ToArray())),
                Gen.Select(strings, self).Array[0, 3]
                    .Select(kvs => (JsonNode?)new JsonObject(kvs.DistinctBy(kv => kv.Item1).Select(kv => KeyValuePair.Create(kv.Item1, kv.Item2?.DeepClone()))))));
        var engine = RegoEngine.Create([("y.rego", "package y\nround := yaml.unmarshal(yaml.marshal(input.v))")], null);

        json.Sample(node =>
        {
            var input = ValueJson.FromNode(new JsonObject { ["v"] = node?.DeepClone() });
            var back = engine.Evaluate(["y", "round"], input, new EvalOptions { StrictBuiltinErrors = true });
            back.Should().Be(((ObjectValue)input!).Get(Value.Str("v"))!, node?.ToJsonString());
        }, iter: 1000);
    }
}
