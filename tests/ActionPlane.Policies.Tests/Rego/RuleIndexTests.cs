using ActionPlane.Policies.Rego;
using CsCheck;

namespace ActionPlane.Policies.Tests.Rego;

/// <summary>Rule indexing: the same results (values and errors) as scanning every rule, on generated policies.</summary>
public sealed class RuleIndexTests
{
    private static readonly string[] Constants = ["\"x\"", "\"y\"", "1", "1.0", "2", "true", "null"];
    private static readonly string[] Fields = ["a", "b", "a.c", "n"];

    private static readonly Gen<string> Constant = Gen.OneOf(Constants.Select(Gen.Const).ToArray());
    private static readonly Gen<string> Field = Gen.OneOf(Fields.Select(Gen.Const).ToArray());

    // First expressions: most are indexable (three spellings), some are not (negated, var-to-var, other operators).
    private static readonly Gen<string> FirstExpr = Gen.Frequency(
        (4, Gen.Select(Field, Constant, (f, c) => $"input.{f} == {c}")),
        (1, Gen.Select(Field, Constant, (f, c) => $"{c} == input.{f}")),
        (1, Gen.Select(Field, Constant, (f, c) => $"input.{f} = {c}")),
        (1, Gen.Select(Field, Constant, (f, c) => $"not input.{f} == {c}")),
        (1, Gen.Select(Field, Field, (f, g) => $"input.{f} == input.{g}")),
        (1, Gen.Select(Field, (f) => $"input.{f} != \"x\"")));

    private static readonly Gen<string> LaterExpr = Gen.OneOf(
        Gen.Select(Field, Constant, (f, c) => $"input.{f} == {c}"),
        Gen.Const("input.n > 0"),
        Gen.Const("input.n + 1 > 1"),
        Gen.Const("count(input.a) > 0"),
        Gen.Const("1 / input.n > 0"));

    private static readonly Gen<string> Body = Gen.Select(FirstExpr, LaterExpr.Array[0, 2], (first, rest) => string.Join("; ", [first, .. rest]));

    private static readonly Gen<string> Rule = Gen.Frequency(
        (3, Gen.Select(Body, Constant, (b, c) => $"p := {c} if {{ {b} }}")),
        (1, Gen.Select(Body, Body, Constant, Constant, (b1, b2, c1, c2) => $"p := {c1} if {{ {b1} }} else := {c2} if {{ {b2} }}")),
        (2, Gen.Select(Body, Constant, (b, c) => $"s contains {c} if {{ {b} }}")),
        (2, Gen.Select(Body, Constant, Constant, (b, k, c) => $"o[{k}] := {c} if {{ {b} }}")),
        (1, Gen.Select(Body, (b) => $"f contains input.n if {{ {b} }}")));

    private static readonly Gen<string> Input = Gen.Select(
        Gen.Select(Gen.OneOf(Gen.Const("a"), Gen.Const("b"), Gen.Const("n")), Gen.OneOf([.. Constants.Select(Gen.Const), Gen.Const("{\"c\": \"x\"}"), Gen.Const("[1]"), Gen.Const("0")]))
            .Array[0, 3],
        fields => "{" + string.Join(", ", fields.DistinctBy(f => f.Item1).Select(f => $"\"{f.Item1}\": {f.Item2}")) + "}");

    [Fact]
    public void IndexedEvaluation_EqualsAScanOfEveryRule_OnGeneratedPolicies()
    {
        Gen.Select(Rule.Array[4, 40], Input.Array[1, 6]).Sample((rules, inputs) =>
        {
            var engine = RegoEngine.Create([("p.rego", "package t\n" + string.Join("\n", rules))], null);
            foreach (var input in inputs)
            {
                foreach (var rule in new[] { "p", "s", "o", "f" })
                {
                    Outcome(engine, rule, input, indexing: true).Should().Be(Outcome(engine, rule, input, indexing: false), $"rule {rule} on input {input}");
                }
            }
        }, iter: 400);
    }

    [Fact]
    public void ManyRulesKeyedOnOnePath_AreIndexed_AndOnlyTheMatchingRuleDecides()
    {
        var rules = string.Join("\n", Enumerable.Range(0, 50).Select(i => $"route := {i} if {{ input.path == \"/r/{i}\"; input.ok }}"));
        var engine = RegoEngine.Create([("p.rego", "package t\n" + rules + "\nroute := -1 if input.path == \"/r/7\"")], null);
        var node = engine.Policy.Root.Find(["t", "route"])!;

        node.Index.Should().NotBeNull();
        node.Index!.Unindexed.Should().BeEmpty();
        node.Index.Matching(engine.NewContext(ValueJson.Parse("""{"path": "/r/7"}"""), new EvalOptions())).Should().Equal(7, 50);
        engine.Evaluate(["t", "route"], ValueJson.Parse("""{"path": "/r/42", "ok": true}"""), new EvalOptions()).Should().Be(Value.Num(42));
        var conflict = () => engine.Evaluate(["t", "route"], ValueJson.Parse("""{"path": "/r/7", "ok": true}"""), new EvalOptions());
        conflict.Should().Throw<RegoException>().Which.Code.Should().Be(RegoException.Conflict);
    }

    [Fact]
    public void FewKeyedRules_AreScanned()
    {
        var engine = RegoEngine.Create([("p.rego", "package t\np := 1 if input.a == 1\np := 2 if input.a == 2")], null);

        engine.Policy.Root.Find(["t", "p"])!.Index.Should().BeNull();
    }

    private static string Outcome(RegoEngine engine, string rule, string input, bool indexing)
    {
        try
        {
            var value = engine.Evaluate(["t", rule], ValueJson.Parse(input), new EvalOptions { RuleIndexing = indexing, StrictBuiltinErrors = true });
            return value is null ? "undefined" : ValueJson.Serialize(value);
        }
        catch (RegoException e)
        {
            return $"{e.Code}: {e.Message} at {e.Location}";
        }
    }
}
