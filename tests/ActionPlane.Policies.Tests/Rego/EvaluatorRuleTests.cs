using static ActionPlane.Policies.Tests.Rego.RegoHarness;

namespace ActionPlane.Policies.Tests.Rego;

public sealed class EvaluatorRuleTests
{
    [Fact]
    public void CompleteRule_IsUndefined_WhenNoBodyHolds_AndUsesDefaultWhenGiven()
    {
        Eval("p := 1 if input.x == 2", input: """{"x": 1}""").Should().BeNull();
        Eval("default p := 0\np := 1 if input.x == 2", input: """{"x": 1}""").Should().Be("0");
    }

    [Fact]
    public void CompleteRule_RaisesConflictError_WhenBodiesDisagree()
    {
        var error = EvalError("p := 1 if true\np := 2 if true");

        error.Code.Should().Be("eval_conflict_error");
        error.Detail.Should().Be("complete rules must not produce multiple outputs");
        error.Location!.Value.File.Should().Be("policy.rego");
    }

    [Fact]
    public void PartialSet_CollectsEveryDistinctValue()
    {
        Eval("p contains x if some x in [3, 1, 3, 2]").Should().Be("[1,2,3]");
    }

    [Fact]
    public void PartialObject_ByRefHead_BuildsNestedObjects_AndDetectsKeyConflicts()
    {
        Eval("""p.byplan[plan].seats := n if { some a in input.accounts; plan := a.plan; n := a.seats }""", input: """{"accounts": [{"plan": "pro", "seats": 5}, {"plan": "free", "seats": 1}]}""")
            .Should().Be("""{"byplan":{"free":{"seats":1},"pro":{"seats":5}}}""");
        EvalError("""p[k] := v if { some v in [1, 2]; k := "same" }""").Detail.Should().Be("object keys must be unique");
    }

    [Fact]
    public void ElseChain_TakesTheFirstClauseThatHolds()
    {
        const string Policy = """grade := "a" if input.n > 90 else := "b" if input.n > 80 else := "c" """;

        Eval(Policy, "grade", """{"n": 95}""").Should().Be("\"a\"");
        Eval(Policy, "grade", """{"n": 85}""").Should().Be("\"b\"");
        Eval(Policy, "grade", """{"n": 10}""").Should().Be("\"c\"");
    }

    [Fact]
    public void Functions_MatchArgumentPatterns_AndRejectConflictingOutputs()
    {
        Eval("""
            kind([a, b]) := "pair" if true
            kind(x) := "number" if is_number(x)
            p := [kind([1, 2]), kind(3)]
            """).Should().Be("""["pair","number"]""");
        EvalError("f(x) := 1 if true\nf(x) := 2 if true\np := f(1)").Detail.Should().Be("functions must not produce multiple outputs for same inputs");
    }

    [Fact]
    public void Rules_ReferToEachOtherAcrossPackages_AndRecursionIsAnError()
    {
        var engine = Engine("package lib\nlimit := 3");
        var two = ActionPlane.Policies.Rego.RegoEngine.Create(
            [("lib.rego", "package lib\nlimit := 3"), ("main.rego", "package main\nimport data.lib\np := lib.limit * 2")], null);

        ActionPlane.Policies.Rego.ValueJson.Serialize(two.Evaluate(["main", "p"], null, new())!).Should().Be("6");
        engine.Should().NotBeNull();
        EvalError("p if q\nq if p").Code.Should().Be("rego_recursion_error");
    }

    [Fact]
    public void DataDocuments_MergeBaseDataAndRules()
    {
        Eval("p := data.limits.max + count(data.test.extra)\nextra contains 1", data: """{"limits": {"max": 10}}""").Should().Be("11");
    }

    [Fact]
    public void UnsafeVar_IsReported()
    {
        EvalError("p if { x > 1 }").Code.Should().Be("rego_unsafe_var_error");
    }

    [Fact]
    public void Reassigning_AVar_IsACompileError()
    {
        var act = () => Eval("p if { x := 1; x := 2 }");
        var argument = () => Eval("f(y) := z if { y := 1; z := y }\np := f(1)");

        act.Should().Throw<ActionPlane.Policies.Rego.RegoException>().Which.Detail.Should().Be("var x assigned above");
        argument.Should().Throw<ActionPlane.Policies.Rego.RegoException>().Which.Detail.Should().Be("var y assigned above");
    }
}
