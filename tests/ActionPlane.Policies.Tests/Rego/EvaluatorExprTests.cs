using static ActionPlane.Policies.Tests.Rego.RegoHarness;

namespace ActionPlane.Policies.Tests.Rego;

public sealed class EvaluatorExprTests
{
    [Fact]
    public void SomeIn_IteratesArraysObjectsAndSets()
    {
        Eval("p := [i | some i, _ in [\"a\", \"b\"]]").Should().Be("[0,1]");
        Eval("p := {k: v | some k, v in {\"x\": 1, \"y\": 2}; v > 1}").Should().Be("""{"y":2}""");
        Eval("p := [x | some x in {3, 1}]").Should().Be("[1,3]");
    }

    [Fact]
    public void Every_HoldsForEmptyDomains_AndFailsOnAnyCounterexample()
    {
        Eval("p if every x in [] { x > 100 }").Should().Be("true");
        Eval("p if every x in [1, 2, 3] { x > 0 }").Should().Be("true");
        Eval("p if every k, v in {\"a\": 1, \"b\": -1} { v > 0 }").Should().BeNull();
    }

    [Fact]
    public void Not_SucceedsOnlyWhenItsExpressionIsUndefinedOrFalse()
    {
        Eval("p if not input.missing", input: "{}").Should().Be("true");
        Eval("p if not input.flag", input: """{"flag": false}""").Should().Be("true");
        Eval("p if not input.flag", input: """{"flag": true}""").Should().BeNull();
    }

    [Fact]
    public void Unification_BindsVarsOnBothSides_AndBacktracksThroughRefs()
    {
        Eval("p := [x, y] if [x, 2] = [1, y]").Should().Be("[1,2]");
        Eval("p := [x, y] if {\"a\": x, \"b\": 2} = {\"a\": 1, \"b\": y}").Should().Be("[1,2]");
        Eval("p contains i if input.xs[i] == \"b\"", input: """{"xs": ["a", "b", "c", "b"]}""").Should().Be("[1,3]");
    }

    [Fact]
    public void With_ReplacesInputDataAndFunctions_OnlyForThatExpression()
    {
        Eval("q := input.x\np := [a, b] if { a := q with input.x as 5; b := q }", input: """{"x": 1}""").Should().Be("[5,1]");
        Eval("q := data.cfg.level\np := x if { x := q with data.cfg.level as 9 }", data: """{"cfg": {"level": 1}}""").Should().Be("9");
        Eval("mock(_) := 42\np := x if { x := count([1, 2]) with count as mock }").Should().Be("42");
        Eval("p := x if { x := time.now_ns() with time.now_ns as 7 }").Should().Be("7");
    }

    [Fact]
    public void Comprehensions_SeeOuterBindings()
    {
        Eval("p := [y | some x in input.xs; y := x * input.k]", input: """{"xs": [1, 2], "k": 10}""").Should().Be("[10,20]");
    }

    [Fact]
    public void Numbers_StayExact_ForBigIntegersAndDecimals()
    {
        Eval("p := 123456789012345678901234567890 + 1").Should().Be("123456789012345678901234567891");
        Eval("p if 0.1 + 0.2 == 0.3").Should().Be("true");
        Eval("p := 7 / 2").Should().Be("3.5");
        Eval("p := 1 / 3").Should().Be("0.3333333333333333");
    }

    [Fact]
    public void Comparison_OrdersAcrossTypesLikeOpa()
    {
        Eval("p := sort([\"b\", 1, null, [1], true, {\"a\": 1}, \"a\"])").Should().Be("""[null,true,1,"a","b",[1],{"a":1}]""");
    }

    [Fact]
    public void Membership_WorksOnArraysSetsAndObjectValues()
    {
        Eval("p := [1 in [1, 2], 3 in {3}, \"v\" in {\"k\": \"v\"}, (\"k\", \"v\" in {\"k\": \"v\"})]").Should().Be("[true,true,true,true]");
    }

    [Fact]
    public void SetOperators_IntersectUnionAndSubtract()
    {
        Eval("p := [{1, 2} & {2, 3}, {1} | {2}, {1, 2} - {1}]").Should().Be("[[2],[1,2],[2]]");
    }

    [Fact]
    public void RunawayPolicy_EndsWithATimeLimitError()
    {
        var engine = Engine("package test\nn := numbers.range(1, 5000)\np := count([1 | some a in n; some b in n; some c in n])");

        var act = () => engine.Evaluate(["test", "p"], null, new ActionPlane.Policies.Rego.EvalOptions { Timeout = TimeSpan.FromMilliseconds(100) });

        act.Should().Throw<ActionPlane.Policies.Rego.RegoException>().Which.Code.Should().Be("eval_cancel_error");
    }

    [Fact]
    public void DeeplyNestedComprehensions_EndInAnErrorRatherThanACrash()
    {
        var nested = string.Concat(Enumerable.Repeat("[x | x := ", 400)) + "1" + new string(']', 400);

        var act = () => Eval("p := " + nested);

        act.Should().Throw<ActionPlane.Policies.Rego.RegoException>();
    }

    [Fact]
    public void Body_IsReorderedSoVarsAreBoundBeforeUse()
    {
        Eval("p := y if { y > 1; y = input.n + 1 }", input: """{"n": 4}""").Should().Be("5");
        Eval("f(x) := [x, x]\np := z if { z[0] == 3; f(3, z) }").Should().Be("[3,3]");
    }

    [Fact]
    public void Print_AcceptsAnyNumberOfArguments()
    {
        Eval("p if { print(\"a\", 1, [2]); print() }").Should().Be("true");
    }
}
