using System.CommandLine;
using System.Text.Json.Nodes;
using ActionPlane.Cli.Bench;
using ActionPlane.Cli.Policy;

namespace ActionPlane.Cli.Tests.Bench;

public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ap-bench-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private int Bench(IReadOnlyList<string> data, string? input, string query, int count = 50, bool engine = false) =>
        BenchCommand.Run(data, input, query, count, warmupMs: 0, engine, "json", _out, _err);

    private JsonObject Result() => JsonNode.Parse(_out.ToString())!.AsObject();

    private static string RepoPath(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "bench", "rbac")) && Directory.Exists(Path.Combine(dir.FullName, "policies")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new DirectoryNotFoundException($"no repository root above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Bench_PrintsConsistentLatencyAndAllocationFigures_AsJson()
    {
        var policy = Write("p.rego", "package p\n\nallow if {\n\tsome x in input.xs\n\tx == \"b\"\n}\n");
        var input = Write("input.json", """{"xs": ["a", "b", "c"]}""");

        var exit = Bench([policy], input, "data.p.allow", count: 200);

        exit.Should().Be(0, _err.ToString());
        var json = Result();
        json["n"]!.GetValue<int>().Should().Be(200);
        json["result_defined"]!.GetValue<bool>().Should().BeTrue();
        json["mode"]!.GetValue<string>().Should().Be("prepared");
        var min = json["min_ns"]!.GetValue<long>();
        var median = json["median_ns"]!.GetValue<long>();
        var p99 = json["p99_ns"]!.GetValue<long>();
        var max = json["max_ns"]!.GetValue<long>();
        min.Should().BePositive();
        median.Should().BeGreaterThanOrEqualTo(min);
        p99.Should().BeGreaterThanOrEqualTo(median);
        max.Should().BeGreaterThanOrEqualTo(p99);
        json["ns_per_op"]!.GetValue<long>().Should().BePositive();
        json["bytes_per_op"]!.GetValue<long>().Should().BePositive();
        json["allocs_per_op"]!.GetValue<long>().Should().BePositive();
        json["allocs_method"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Bench_ReportsAnUndefinedResult_ForAnArbitraryQuery()
    {
        var policy = Write("p.rego", "package p\n\nallow if input.x == 1\n");
        var input = Write("input.json", """{"x": 2}""");

        var exit = Bench([policy], input, "data.p.allow == true");

        exit.Should().Be(0, _err.ToString());
        Result()["result_defined"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public void Bench_OnTheRbacBenchmarkBundle_Allows_TheLastUsersGrant()
    {
        var exit = Bench([RepoPath("bench/rbac")], RepoPath("bench/rbac/input.json"), "data.rbac.allow");

        exit.Should().Be(0, _err.ToString());
        Result()["result_defined"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void Bench_OnTheGate_ThroughThePublicEngine_WithTheBenchInput()
    {
        var exit = Bench([RepoPath("policies")], RepoPath("bench/gate/input.json"), "data.actionplane.gate.decision", engine: true);

        exit.Should().Be(0, _err.ToString());
        Result()["mode"]!.GetValue<string>().Should().Be("engine");
        Result()["result_defined"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void RbacBenchmarkData_Has200Users_20Roles_And8GrantsPerRole()
    {
        var data = JsonNode.Parse(File.ReadAllText(RepoPath("bench/rbac/data.json")))!;

        var bindings = data["bindings"]!.AsArray();
        var roles = data["roles"]!.AsObject();

        bindings.Select(b => b!["user"]!.GetValue<string>()).Distinct().Should().HaveCount(200);
        roles.Should().HaveCount(20);
        roles.Select(r => r.Value!["grants"]!.AsArray().Count).Should().OnlyContain(n => n == 8);
        bindings.Select(b => b!["role"]!.GetValue<string>()).Should().OnlyContain(r => roles.ContainsKey(r));
    }

    [Fact]
    public void Bench_NamesFileRowCol_WhenAPolicyDoesNotParse()
    {
        var policy = Write("broken.rego", "package p\n\nallow if {\n");

        var exit = Bench([policy], null, "data.p.allow");

        exit.Should().Be(2);
        _err.ToString().Should().MatchRegex(@"broken\.rego:\d+:\d+");
    }

    [Fact]
    public void Bench_NamesTheInputFileAndPosition_WhenTheInputIsNotJson()
    {
        var policy = Write("p.rego", "package p\n\nallow := true\n");
        var input = Write("input.json", "{\"x\": \n  tru }");

        var exit = Bench([policy], input, "data.p.allow");

        exit.Should().Be(2);
        _err.ToString().Should().StartWith("--input:").And.Contain("input.json:2:");
    }

    [Theory]
    [InlineData(0, "--count")]
    [InlineData(-5, "--count")]
    public void Bench_RejectsANonPositiveCount(int count, string expected)
    {
        var policy = Write("p.rego", "package p\n\nallow := true\n");

        var exit = Bench([policy], null, "data.p.allow", count: count);

        exit.Should().Be(2);
        _err.ToString().Should().Contain(expected);
    }

    [Fact]
    public void Bench_RejectsMissingData_NamingTheOption()
    {
        var exit = Bench([Path.Combine(_dir, "nope.rego")], null, "data.p.allow");

        exit.Should().Be(2);
        _err.ToString().Should().StartWith("--data:").And.Contain("nope.rego");
    }

    [Fact]
    public void Bench_FailsWithTheEvaluationError_WhenTheQueryErrors()
    {
        var policy = Write("p.rego", "package p\n\nx := 1 if input.a\nx := 2 if input.a\n");
        var input = Write("input.json", """{"a": true}""");

        var exit = Bench([policy], input, "data.p.x");

        exit.Should().Be(1);
        _err.ToString().Should().Contain("eval_conflict_error");
    }

    [Theory]
    [InlineData("data.actionplane.gate.decision", new[] { "actionplane", "gate", "decision" })]
    [InlineData("data.rbac.allow", new[] { "rbac", "allow" })]
    [InlineData("data.rbac[\"allow\"]", null)]
    [InlineData("x := data.rbac.allow", null)]
    [InlineData("data", null)]
    public void DataPath_RecognisesPlainDataReferencesOnly(string query, string[]? expected)
    {
        BenchTarget.DataPath(query).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    [Fact]
    public void PolicyBench_IsRegisteredUnderThePolicyCommand()
    {
        var root = new RootCommand();
        root.Subcommands.Add(PolicyCommands.Create());

        BenchCommand.AddTo(root);

        root.Subcommands.Single(c => c.Name == "policy").Subcommands.Should().Contain(c => c.Name == "bench");
    }
}
