using System.Text.Json.Nodes;
using ActionPlane.Policies.Rego;
using static ActionPlane.Policies.Tests.Rego.RegoHarness;

namespace ActionPlane.Policies.Tests.Rego;

/// <summary>
/// The single-valued fast path and the general (continuation) evaluator must agree: these cases sit
/// on the edges where the fast path hands over (unbound vars, shadowed roots, replaced functions).
/// </summary>
public sealed class FastPathTests
{
    [Fact]
    public void CompleteRuleWithConstantValue_StopsAtFirstMatch_ButStillFindsLateMatches()
    {
        const string body = """
            allow if {
                some b in data.bindings
                b.user == input.user
                some g in data.roles[b.role]
                g == input.action
            }
            """;
        const string data = """{"bindings": [{"user": "a", "role": "r1"}, {"user": "b", "role": "r2"}, {"user": "b", "role": "r1"}], "roles": {"r1": ["read"], "r2": ["write"]}}""";

        Eval(body, "allow", """{"user": "b", "action": "read"}""", data).Should().Be("true");
        Eval(body, "allow", """{"user": "b", "action": "delete"}""", data).Should().BeNull();
    }

    [Fact]
    public void ConstantRuleValues_StillConflictAcrossRules()
    {
        EvalError("p := 1 if some x in [1, 2]\np := 2 if some y in [3]").Code.Should().Be("eval_conflict_error");
    }

    [Fact]
    public void AssignedVarShadowsARuleOfTheSameName_OnlyInsideTheBody()
    {
        Eval("q := 5\np := [q, r] if { r := q + 1 }").Should().Be("[5,6]");
        Eval("p := x if { x := input.n; x > 1 }", input: """{"n": 3}""").Should().Be("3");
    }

    [Fact]
    public void UnifyBindsEitherSide_AndComparesWhenBothAreKnown()
    {
        Eval("p := [a, b] if { a = input.x; input.y = b; a = 1 }", input: """{"x": 1, "y": 2}""").Should().Be("[1,2]");
        Eval("p if { input.x = input.y }", input: """{"x": 1, "y": 2}""").Should().BeNull();
    }

    [Fact]
    public void RefWithUnboundSegment_IteratesThroughTheGeneralPath()
    {
        Eval("p contains k if { input.m[k] > 1 }", input: """{"m": {"a": 1, "b": 2, "c": 3}}""").Should().Be("""["b","c"]""");
        Eval("p contains r if { data.roles[r][_] == \"read\" }", data: """{"roles": {"x": ["read"], "y": ["write"]}}""").Should().Be("""["x"]""");
    }

    [Fact]
    public void SomeIn_BindsKeysAndValues_OfArraysObjectsAndSets()
    {
        Eval("p contains [i, v] if some i, v in [\"a\", \"b\"]").Should().Be("""[[0,"a"],[1,"b"]]""");
        Eval("p contains [k, v] if some k, v in {\"x\": 1}").Should().Be("""[["x",1]]""");
        Eval("p contains v if some v in {3, 1}").Should().Be("[1,3]");
        Eval("p contains v if some v in input.missing").Should().Be("[]");
    }

    [Fact]
    public void WithReplacedFunction_IsCalledInsteadOfTheOriginal()
    {
        const string body = """
            f(x) := x + 1
            g(x) := x * 10
            p := y if { y := f(1) with f as g }
            q := n if { n := count([1]) with count as 7 }
            """;

        Eval(body).Should().Be("10");
        Eval(body, "q").Should().Be("7");
    }

    [Fact]
    public void CallSites_ResolveAgainstTheEngineThatEvaluates()
    {
        var query = "x := data.test.f(1)";
        var one = Engine("package test\nf(x) := x + 1");
        var two = Engine("package test\nf(x) := x + 2");

        one.Query(query, null, new EvalOptions()).Single().Bindings.Single().Value.ToString().Should().Be("2");
        two.Query(query, null, new EvalOptions()).Single().Bindings.Single().Value.ToString().Should().Be("3");
    }

    [Fact]
    public void UnsafeVars_AreStillReported()
    {
        EvalError("p if { x == 1 }").Code.Should().Be("rego_unsafe_var_error");
    }

    [Fact]
    public void Membership_LooksAtArrayElements_SetMembers_AndObjectValues()
    {
        Eval("p := [2 in [1, 2], 2 in {2}, 2 in {\"a\": 2}, \"a\" in {\"a\": 2}, 1 in \"1\"]").Should().Be("[true,true,true,false,false]");
    }

    [Fact]
    public void FromNode_ReadsTheTreeAsParsingItsJsonWould()
    {
        var node = new JsonObject
        {
            ["big"] = JsonNode.Parse("123456789012345678901234567890"),
            ["dec"] = JsonNode.Parse("0.1"),
            ["dbl"] = 2.5,
            ["long"] = long.MaxValue,
            ["when"] = new DateTime(2026, 11, 24, 1, 2, 3, DateTimeKind.Utc),
            ["s"] = "x<y",
            ["n"] = null,
            ["b"] = false,
            ["list"] = new JsonArray(1, "two", new JsonObject { ["three"] = true }),
        };

        var direct = ValueJson.FromNode(node);

        direct.Should().Be(ValueJson.Parse(node.ToJsonString()));
        ValueJson.Serialize(direct).Should().Contain("\"big\":123456789012345678901234567890").And.Contain("\"dec\":0.1");
    }

    [Fact]
    public void ToNode_BuildsTheTreeThatParsingTheSerializedValueWould()
    {
        var value = ValueJson.Parse("""{"b": [1, 0.5, 123456789012345678901234567890, "x<y", null, true], "a": {"z": {}}}""");
        var withSet = Engine("package test\np := {\"s\": {3, 1}, \"o\": {1: \"one\"}}").Evaluate(["test", "p"], null, new EvalOptions())!;

        ValueJson.ToNode(value)!.ToJsonString().Should().Be(JsonNode.Parse(ValueJson.Serialize(value))!.ToJsonString());
        ValueJson.ToNode(withSet)!.ToJsonString().Should().Be("""{"o":{"1":"one"},"s":[1,3]}""");
        ValueJson.ToNode(Value.Null).Should().BeNull();
    }
}
