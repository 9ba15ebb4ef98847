using System.Text.Json.Nodes;
using ActionPlane.Cli.Data;
using ActionPlane.Cli.Train;

namespace ActionPlane.Cli.Tests.Train;

public sealed class ChurnThresholdTests
{
    [Fact]
    public void TrainChurn_WithCosts_ReportsTheChosenThreshold_ItsComparisons_AndTheCurve()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(1000, 4, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("report.json");
        var output = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(dir.File("churn.csv"), "churned", Id: "account_id", Exclude: "true_churn_probability", Folds: 3,
            Report: report, Gbm: new() { Trees = 60 }, CostFp: 1, CostFn: 4), output, new StringWriter());

        exit.Should().Be(0);
        var t = JsonNode.Parse(File.ReadAllText(report))!["threshold"]!;
        t["rule"]!.GetValue<string>().Should().Be("cost");
        t["cost_fp"]!.GetValue<double>().Should().Be(1);
        t["cost_fn"]!.GetValue<double>().Should().Be(4);
        t["bayes_threshold"]!.GetValue<double>().Should().Be(0.2);
        var cost = t["cost"]!.GetValue<double>();
        cost.Should().BeLessThanOrEqualTo(t["cost_flag_nobody"]!.GetValue<double>()).And.BeLessThanOrEqualTo(t["cost_flag_everyone"]!.GetValue<double>());
        foreach (var key in new[] { "threshold", "precision", "recall", "f1", "flagged_share", "probabilities_ece" })
            t[key]!.GetValue<double>().Should().BeInRange(0, 1, key);
        t["rows"]!.GetValue<int>().Should().Be(1000);
        var curve = t["curve"]!.AsArray();
        curve.Count.Should().BeInRange(2, 101);
        curve.Select(p => p!["recall"]!.GetValue<double>()).Should().BeInAscendingOrder();
        curve.Should().Contain(p => p!["threshold"]!.GetValue<double>() == t["threshold"]!.GetValue<double>(), "the operating point lies on the curve");
        output.ToString().Should().Contain("threshold: least total cost, false positive 1, false negative 4").And.Contain("flag everyone");
    }

    [Fact]
    public void TrainChurn_WithMinPrecision_ReportsAThresholdReachingIt_WithoutCosts()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(1000, 4, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("report.json");

        var exit = ChurnCommand.Run(new ChurnArgs(dir.File("churn.csv"), "churned", Id: "account_id", Exclude: "true_churn_probability", Folds: 3,
            Report: report, Gbm: new() { Trees = 60 }, MinPrecision: 0.5), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var t = JsonNode.Parse(File.ReadAllText(report))!["threshold"]!;
        t["rule"]!.GetValue<string>().Should().Be("min_precision");
        t["precision"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(0.5);
        t["cost"].Should().BeNull();
        // No lower threshold on the curve keeps the precision: this one has the most recall at it.
        t["curve"]!.AsArray().Where(p => p!["threshold"]!.GetValue<double>() < t["threshold"]!.GetValue<double>())
            .Should().OnlyContain(p => p!["precision"]!.GetValue<double>() < 0.5);
    }

    [Theory]
    [InlineData(1.0, null, null, "--cost-fp needs --cost-fn")]
    [InlineData(null, 2.0, null, "--cost-fn needs --cost-fp")]
    [InlineData(0.0, 2.0, null, "--cost-fp must be a positive number; got 0")]
    [InlineData(1.0, -3.0, null, "--cost-fn must be a positive number; got -3")]
    [InlineData(1.0, 2.0, 0.5, "--min-precision cannot be combined with --cost-fp/--cost-fn")]
    [InlineData(null, null, 1.0, "--min-precision must be between 0 and 1 (exclusive); got 1")]
    [InlineData(null, null, 0.0, "--min-precision must be between 0 and 1 (exclusive); got 0")]
    public void TrainChurn_RejectsBadThresholdFlags_NamingTheFlag_WritingNoReport(double? costFp, double? costFn, double? minPrecision, string message)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("d.csv", "a,churned\n1,0\n2,1\n");
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(path, "churned", Report: report, CostFp: costFp, CostFn: costFn, MinPrecision: minPrecision), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain(message);
        File.Exists(report).Should().BeFalse();
    }

    [Fact]
    public void TrainChurn_ParsesTheThresholdFlags_FromTheCommandLine()
    {
        using var dir = new ScratchDir();
        var path = dir.Write("d.csv", "a,churned\n1,0\n2,1\n");
        var report = dir.File("r.json");

        var exit = ChurnCommand.Create().Parse(["--csv", path, "--label", "churned", "--report", report, "--cost-fp", "1"]).Invoke();

        exit.Should().Be(1);
        File.Exists(report).Should().BeFalse();
    }

    [Fact]
    public void TrainChurn_WhenNoThresholdReachesTheMinPrecision_FailsWritingNoReport()
    {
        using var dir = new ScratchDir();
        // Twenty rows with one uninformative feature: every out-of-fold probability is close to the base rate, precision about 0.5.
        var path = dir.Write("d.csv", "a,churned\n" + string.Join('\n', Enumerable.Range(0, 20).Select(i => $"{i % 2},{(i / 2) % 2}")));
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(path, "churned", Report: report, Gbm: new() { Trees = 5 }, MinPrecision: 0.95), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("--min-precision 0.95: no threshold reaches that precision");
        File.Exists(report).Should().BeFalse();
    }

    [Theory]
    [InlineData(0.012, "calibrated (ECE 0.012 <= 0.03): the threshold is a churn probability")]
    [InlineData(0.08, "not calibrated (ECE 0.08 > 0.03): the threshold is the model's score")]
    public void Report_SaysWhetherTheThresholdIsAProbability_ByTheOutOfFoldEce(double ece, string expected)
    {
        var choice = Engine.Models.ThresholdChoice.ByCost([0.9, 0.6, 0.3, 0.1], [true, false, true, false], 1, 2);
        var cv = new Engine.Models.ChurnCrossValidationResult([0.8, 0.8], 0.8, 0, 0.7, 0.15, ece, 4, 0.5, 2, [0.9, 0.6, 0.3, 0.1], 1, [10, 10], [0.7, 0.7], [0.15, 0.15]);

        var json = ThresholdArgs.Report(choice, cv);

        json["probabilities"]!.GetValue<string>().Should().StartWith(expected);
        json["probabilities_ece"]!.GetValue<double>().Should().Be(ece);
    }
}
