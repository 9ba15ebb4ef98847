using System.Text.Json.Nodes;
using ActionPlane.Cli.Simulate;
using ActionPlane.Cli.Tests.Train;

namespace ActionPlane.Cli.Tests.Simulate;

public sealed class SimulateCommandTests
{
    [Fact]
    public void Simulate_WritesTheReport_WithEveryFieldTheIssueNames_AndPrintsProgressAndATable()
    {
        using var dir = new ScratchDir();
        var report = dir.File("risk_top.json");
        var output = new StringWriter();

        var exit = SimulateCommand.Run(new SimulateArgs(200, 21, 4, "risk_top", null, 3, report), output, new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!.AsObject();
        foreach (var field in new[] { "retained", "churned", "churned_mrr", "actions_applied", "actions_undone", "policy_denials", "cost",
                     "cost_per_successful_action", "json_validity", "policy_violations", "weeks" })
            json.ContainsKey(field).Should().BeTrue(field);
        (json["retained"]!.GetValue<int>() + json["churned"]!.GetValue<int>()).Should().Be(200);
        json["weekly_budget"]!.GetValue<int>().Should().Be(3);
        json["actions_applied"]!.GetValue<int>().Should().BeInRange(1, 9);
        json["weeks"]!.AsArray().Should().HaveCount(3);
        output.ToString().Should().Contain("week   1/3").And.Contain("json_validity");
    }

    [Fact]
    public void Simulate_WithAScenarioFile_RecordsItInTheReport()
    {
        using var dir = new ScratchDir();
        var scenario = dir.Write("weak.json", """{ "effect_scale": 0.4 }""");
        var report = dir.File("r.json");

        var exit = SimulateCommand.Run(new SimulateArgs(100, 7, 1, "no_action", scenario, null, report), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        JsonNode.Parse(File.ReadAllText(report))!["scenario"]!["effect_scale"]!.GetValue<double>().Should().Be(0.4);
    }

    [Theory]
    [InlineData(2000, 180, "best", null, null, "--strategy: 'best' is not one of nba, no_action, random, risk_top, oracle")]
    [InlineData(10, 180, "nba", null, null, "--accounts must be between 50 and 100000; got 10")]
    [InlineData(200, 3, "nba", null, null, "--days must be between 7 and 730; got 3")]
    [InlineData(200, 30, "nba", null, -1, "--budget must be 0 or more actions per week; got -1")]
    [InlineData(200, 30, "nba", "missing.json", null, "--scenario: file 'missing.json' does not exist")]
    public void Simulate_RejectsBadFlags_WithAClearError_AndWritesNoReport(int accounts, int days, string strategy, string? scenario, int? budget, string message)
    {
        using var dir = new ScratchDir();
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = SimulateCommand.Run(new SimulateArgs(accounts, days, 1, strategy, scenario, budget, report), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain(message);
        File.Exists(report).Should().BeFalse();
    }

    [Fact]
    public void Simulate_RejectsAScenarioWithAnUnknownField_NamingIt()
    {
        using var dir = new ScratchDir();
        var scenario = dir.Write("bad.json", """{ "effect_size": 2 }""");
        var error = new StringWriter();

        var exit = SimulateCommand.Run(new SimulateArgs(100, 7, 1, "nba", scenario, null, dir.File("r.json")), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("effect_size");
    }

    [Fact]
    public void Simulate_RejectsAnUnknownLearner_NamingTheFlag_AndWritesNoReport()
    {
        using var dir = new ScratchDir();
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = SimulateCommand.Run(new SimulateArgs(100, 7, 1, "nba", null, null, report, Learner: "gbm"), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("--learner: 'gbm' is not one of logodds, DR, X, T");
        File.Exists(report).Should().BeFalse();
    }

    [Theory]
    [InlineData(1.5, 2, "--epsilon must be between 0 and 1; got 1.5")]
    [InlineData(0.1, -1, "--exploration-weeks must be 0 or more; got -1")]
    public void Simulate_RejectsBadExplorationFlags_NamingTheFlag_AndWritesNoReport(double epsilon, int weeks, string message)
    {
        using var dir = new ScratchDir();
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = SimulateCommand.Run(new SimulateArgs(100, 7, 1, "nba", null, null, report, ExplorationWeeks: weeks, Epsilon: epsilon), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain(message);
        File.Exists(report).Should().BeFalse();
    }
}
