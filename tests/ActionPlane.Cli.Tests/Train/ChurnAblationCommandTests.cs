using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;

namespace ActionPlane.Cli.Tests.Train;

public sealed class ChurnAblationCommandTests
{
    /// <summary>A CSV where 'driver' sets the churn odds, 'noise' is unrelated and 'plan' is a three-level category.</summary>
    private static string DriverAndNoiseCsv(ScratchDir dir)
    {
        var rng = new Random(1);
        var lines = new List<string> { "id,driver,noise,plan,churned" };
        for (var i = 0; i < 2000; i++)
        {
            var driver = rng.NextDouble();
            var plan = rng.Next(3) switch { 0 => "basic", 1 => "pro", _ => "team" };
            var churned = rng.NextDouble() < 1 / (1 + Math.Exp(-(4 * driver - 2)));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"a{i},{driver:F4},{rng.NextDouble():F4},{plan},{(churned ? 1 : 0)}"));
        }
        return dir.Write("churn.csv", string.Join('\n', lines));
    }

    private static readonly Engine.Tabular.GbmOptions Gbm = new() { Trees = 150, LearningRate = 0.05, MinExamplesPerLeaf = 50 };

    [Fact]
    public void Ablation_ReportsEachColumnsCost_DriverFirstAndBeyondNoise_CategoryAsOneGroup()
    {
        using var dir = new ScratchDir();
        var report = dir.File("r.json");
        var output = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(DriverAndNoiseCsv(dir), "churned", Id: "id", Seed: 1, Report: report, Gbm: Gbm, Ablation: true), output, new StringWriter());

        exit.Should().Be(0);
        var ablation = JsonNode.Parse(File.ReadAllText(report))!["ablation"]!;
        ablation["folds"]!.GetValue<int>().Should().Be(5);
        ablation["seconds"]!.GetValue<double>().Should().BePositive();
        var groups = ablation["groups"]!.AsArray();
        groups.Select(g => g!["column"]!.GetValue<string>()).Should().HaveCount(3).And.StartWith("driver").And.BeEquivalentTo("driver", "noise", "plan");
        var driver = groups[0]!;
        driver["delta_roc_auc"]!.GetValue<double>().Should().BeLessThan(-2 * driver["delta_roc_auc_se"]!.GetValue<double>()).And.BeLessThan(-0.1);
        driver["within_noise"]!.GetValue<bool>().Should().BeFalse();
        foreach (var key in new[] { "kind", "features_dropped", "roc_auc", "delta_pr_auc", "delta_brier", "seconds" })
            driver[key].Should().NotBeNull(key);
        var plan = groups.Single(g => g!["column"]!.GetValue<string>() == "plan")!;
        plan["kind"]!.GetValue<string>().Should().Be("categorical");
        plan["features_dropped"]!.AsArray().Select(f => f!.GetValue<string>()).Should().BeEquivalentTo("plan=basic", "plan=pro", "plan=team", "plan=<other>");
        output.ToString().Should().Contain("ablation: 3 groups × 5 folds").And.Contain("(3/3)").And.Contain("within noise");
    }

    [Fact]
    public void AblationColumns_AblatesOnlyTheNamedColumns_AndDropsAPlusJoinedSetTogether()
    {
        using var dir = new ScratchDir();
        var report = dir.File("r.json");

        var exit = ChurnCommand.Create().Parse(["--csv", DriverAndNoiseCsv(dir), "--label", "churned", "--id", "id", "--folds", "3", "--trees", "30",
            "--report", report, "--ablation-columns", "plan, driver+noise"]).Invoke();

        exit.Should().Be(0);
        var groups = JsonNode.Parse(File.ReadAllText(report))!["ablation"]!["groups"]!.AsArray();
        groups.Select(g => g!["column"]!.GetValue<string>()).Should().BeEquivalentTo("plan", "driver+noise");
        var joined = groups.Single(g => g!["column"]!.GetValue<string>() == "driver+noise")!;
        joined["kind"]!.GetValue<string>().Should().Be("2 columns");
        joined["features_dropped"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("driver", "noise");
    }

    [Theory]
    [InlineData("a,churned\n1,0\n2,1\n3,0\n4,1\n", null, "--ablation needs at least two feature columns; d.csv has one ('a')")]
    [InlineData("a,b,churned\n1,2,0\n2,3,1\n", "a,nope", "--ablation-columns: unknown column 'nope'; the feature columns are a, b")]
    [InlineData("id,a,b,churned\nx,1,2,0\ny,2,3,1\n", "id", "--ablation-columns: column 'id' is not a feature")]
    [InlineData("a,b,churned\n1,2,0\n2,3,1\n", "a+b", "--ablation-columns: 'a+b' holds every feature column")]
    public void Ablation_FailsWithAClearError_BeforeAnyTraining_WritingNoReport(string csv, string? columns, string message)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("d.csv", csv);
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(path, "churned", Id: csv.StartsWith("id", StringComparison.Ordinal) ? "id" : null, Report: report,
            Ablation: true, AblationColumns: columns), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain(message);
        File.Exists(report).Should().BeFalse();
    }
}
