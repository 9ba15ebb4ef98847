using System.Text.Json.Nodes;
using ActionPlane.Policies.Rego;
using ActionPlane.Policies.Tests.Bundle;

namespace ActionPlane.Policies.Tests.Rego;

public sealed class InputReadsTests
{
    private static string[] Paths(IReadOnlyList<string[]>? reads) => reads is null ? ["(all)"] : [.. reads.Select(r => string.Join('.', r)).Order(StringComparer.Ordinal)];

    private static IReadOnlyList<string[]>? Reads(string module, params string[] path) =>
        InputReads.Of(RegoHarness.Engine(module).Policy, path);

    [Fact]
    public void RepositoryMask_ReadsOnlyTheUsersPersonalFields()
    {
        Paths(InputReads.Of(RepositoryBundle.Instance.Engine.Policy, ["system", "log", "mask"]))
            .Should().Equal("input.user.email", "input.user.name", "input.user.phone");
    }

    [Fact]
    public void RepositoryGate_IsUnbounded_BecauseItPassesTheWholeInputToObjectGet()
    {
        InputReads.Of(RepositoryBundle.Instance.Engine.Policy, ["actionplane", "gate", "decision"]).Should().BeNull();
    }

    [Theory]
    [InlineData("p if { input.a.b == 1 }\np if { input.a.c }", "a.b,a.c")]
    [InlineData("p if { input.a.b == 1 }\np if { input.a }", "a")]
    [InlineData("p if { x := input.a[k]; x == k }", "a")]
    [InlineData("p if { f(1) }\nf(x) if { input.z == x }", "z")]
    [InlineData("p if { q }\nq if { data.other.r }", "r.s")]
    [InlineData("p if { data.other[k] }", "r.s")]
    [InlineData("p := 1", "")]
    public void BoundedReads_FollowRulesFunctionsAndPackages(string rules, string expected)
    {
        var reads = Reads("package test\nimport rego.v1\n" + rules + "\n", "test", "p");
        var other = "package other\nimport rego.v1\nr if { input.r.s }\n";
        if (rules.Contains("data.other", StringComparison.Ordinal))
        {
            reads = InputReads.Of(RegoEngine.Create([("a.rego", "package test\nimport rego.v1\n" + rules + "\n"), ("b.rego", other)], null).Policy, ["test", "p"]);
        }

        Paths(reads).Should().Equal(expected.Length == 0 ? [] : expected.Split(','));
    }

    [Theory]
    [InlineData("p if { input == {} }")]
    [InlineData("p if { object.get(input, \"a\", 0) }")]
    [InlineData("p if { input[k] }")]
    [InlineData("p if { q with input.a as 1 }\nq if { input.a }")]
    [InlineData("p if { count(data) > 0 }")]
    [InlineData("p if { f(input) }\nf(x) if { x.a }")]
    public void UnboundedReads_ConvertTheWholeInput(string rules)
    {
        Reads("package test\nimport rego.v1\n" + rules + "\n", "test", "p").Should().BeNull();
    }

    [Theory]
    [InlineData("""{"a": {"b": 1, "c": [1, 2]}, "z": 3}""")]
    [InlineData("""{"a": {"b": 2}}""")]
    [InlineData("""{"a": "not an object", "z": 3}""")]
    [InlineData("""{"a": {"c": null}}""")]
    [InlineData("""{}""")]
    public void ProjectedInput_GivesTheSameValue_AsTheWholeInput(string input)
    {
        const string module = """
            package test
            import rego.v1
            p contains "b" if { input.a.b == 1 }
            p contains "c" if { input.a.c }
            p contains "c0" if { input.a.c[0] == 1 }
            p contains "null" if { input.a.c == null }
            p contains "no-b" if { not input.a.b }
            p contains "z" if { f(input.z) }
            f(x) if { x > 2 }
            """;
        var engine = RegoHarness.Engine(module);
        var reads = InputReads.Of(engine.Policy, ["test", "p"]);
        reads.Should().NotBeNull();
        var node = JsonNode.Parse(input)!.AsObject();

        var whole = engine.Evaluate(["test", "p"], ValueJson.FromNode(node), new EvalOptions());
        var projected = engine.Evaluate(["test", "p"], ValueJson.Project(node, InputReads.Tree.From(reads!)), new EvalOptions());

        ValueJson.Serialize(projected!).Should().Be(ValueJson.Serialize(whole!));
    }
}
