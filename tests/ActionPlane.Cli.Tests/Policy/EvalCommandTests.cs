using System.Text.Json.Nodes;
using ActionPlane.Cli.Policy;

namespace ActionPlane.Cli.Tests.Policy;

public sealed class EvalCommandTests
{
    private const string Module = """
        package test
        p contains x if some x in input.xs
        limit := data.limits.max
        boom := 1 if input.a
        boom := 2 if input.a
        """;

    [Fact]
    public void Eval_PrintsBindingsPerSolution_LikeOpaEval()
    {
        using var dir = new TempDir();
        var rego = dir.Write("test-0.rego", Module);
        var data = dir.Write("data.json", """{"limits": {"max": 5}}""");
        var input = dir.Write("input.json", """{"xs": [2, 1]}""");

        var output = EvalCommand.Run([rego, data], input, null, false, "data.test.p[x]; y := data.test.limit", out var exit);

        exit.Should().Be(0);
        var rows = JsonNode.Parse(output)!["result"]!.AsArray();
        rows.Select(r => (r!["bindings"]!["x"]!.GetValue<int>(), r["bindings"]!["y"]!.GetValue<int>())).Should().BeEquivalentTo([(1, 5), (2, 5)]);
        rows[0]!["expressions"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public void Eval_PrintsEmptyObject_WhenUndefined()
    {
        using var dir = new TempDir();
        var rego = dir.Write("test-0.rego", Module);

        EvalCommand.Run([rego], null, null, false, "data.test.limit = x", out _).Should().Be("{}");
    }

    [Fact]
    public void Eval_PrintsErrorsWithCodeAndLocation()
    {
        using var dir = new TempDir();
        var rego = dir.Write("test-0.rego", Module);
        var input = dir.Write("input.json", """{"a": true}""");

        var output = EvalCommand.Run([rego], input, null, false, "data.test.boom = x", out var exit);

        exit.Should().Be(1);
        var error = JsonNode.Parse(output)!["errors"]![0]!;
        error["code"]!.GetValue<string>().Should().Be("eval_conflict_error");
        error["location"]!["file"]!.GetValue<string>().Should().EndWith("test-0.rego");
        error["location"]!["row"]!.GetValue<int>().Should().BeInRange(4, 5);
    }

    [Fact]
    public void Eval_ReportsParseErrorsWithRowAndColumn()
    {
        using var dir = new TempDir();
        var rego = dir.Write("bad.rego", "package x\np := [1,\n");

        var output = EvalCommand.Run([rego], null, null, false, "data.x.p", out var exit);

        exit.Should().Be(1);
        var error = JsonNode.Parse(output)!["errors"]![0]!;
        error["code"]!.GetValue<string>().Should().Be("rego_parse_error");
        error["location"]!["row"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public void Eval_StrictBuiltinErrors_TurnUndefinedIntoAnError()
    {
        using var dir = new TempDir();
        var rego = dir.Write("t.rego", "package t\np := 1 / 0");

        EvalCommand.Run([rego], null, null, false, "data.t.p = x", out _).Should().Be("{}");
        EvalCommand.Run([rego], null, null, true, "data.t.p = x", out _).Should().Contain("eval_builtin_error").And.Contain("div: divide by zero");
    }

    [Fact]
    public void Eval_AcceptsInputAsARegoTerm()
    {
        using var dir = new TempDir();
        var term = dir.Write("input-term.rego", """{"s": {1, 2}, "n": 1 + 1}""");

        var output = EvalCommand.Run([], null, term, false, "x := input", out _);

        JsonNode.Parse(output)!["result"]![0]!["bindings"]!["x"]!.ToJsonString().Should().Be("""{"n":2,"s":[1,2]}""");
    }

    [Fact]
    public void Eval_LoadsAFolderAsABundle_MountingDataJsonAtItsPath_AndIgnoringOtherFiles()
    {
        using var dir = new TempDir();
        dir.Write("rules/t.rego", "package t\nmax := data.limits.max\nnested := data.rules.extra.v");
        dir.Write("data.json", """{"limits": {"max": 5}}""");
        dir.Write("rules/extra/data.json", """{"v": "deep"}""");
        dir.Write("README.md", "# not policy");
        dir.Write("schemas/a.schema.json", "{ not json");

        var output = EvalCommand.Run([dir.Path], null, null, false, "x := data.t.max; y := data.t.nested", out var exit);

        exit.Should().Be(0);
        var bindings = JsonNode.Parse(output)!["result"]![0]!["bindings"]!;
        bindings["x"]!.GetValue<int>().Should().Be(5);
        bindings["y"]!.GetValue<string>().Should().Be("deep");
    }

    [Fact]
    public void Eval_FailsWithAClearError_WhenADataPathIsMissing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ap-cli-missing-" + Guid.NewGuid().ToString("N"));

        var output = EvalCommand.Run([missing], null, null, false, "data", out var exit);

        exit.Should().Be(2);
        var error = JsonNode.Parse(output)!["errors"]![0]!;
        error["code"]!.GetValue<string>().Should().Be("io_error");
        error["message"]!.GetValue<string>().Should().Contain(missing).And.Contain("does not exist");
    }

    [Fact]
    public void Eval_LocatesBrokenFilesInsideAFolder()
    {
        using var dir = new TempDir();
        dir.Write("a/data.json", "{\"x\": }");
        dir.Write("b/ok.rego", "package ok\np := 1");

        var output = EvalCommand.Run([dir.Path], null, null, false, "data.ok.p", out var exit);

        exit.Should().Be(1);
        var error = JsonNode.Parse(output)!["errors"]![0]!;
        error["code"]!.GetValue<string>().Should().Be("invalid_json");
        error["location"]!["file"]!.GetValue<string>().Should().EndWith("a/data.json");
    }

    [Fact]
    public void Eval_RejectsARootDataJsonThatIsNotAnObject()
    {
        using var dir = new TempDir();
        dir.Write("data.json", "[1, 2]");

        var output = EvalCommand.Run([dir.Path], null, null, false, "data", out var exit);

        exit.Should().Be(1);
        JsonNode.Parse(output)!["errors"]![0]!["message"]!.GetValue<string>().Should().Contain("must hold an object");
    }
}
