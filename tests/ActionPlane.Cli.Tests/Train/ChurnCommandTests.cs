using System.Text.Json.Nodes;
using ActionPlane.Cli.Data;
using ActionPlane.Cli.Train;

namespace ActionPlane.Cli.Tests.Train;

public sealed class ChurnCommandTests
{
    [Fact]
    public void TrainChurn_OnGeneratedData_ReportsCrossValidatedMetricsAndTheOracle()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(1500, 2, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("report.json");
        var output = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(dir.File("churn.csv"), "churned", Id: "account_id", Folds: 3,
            OracleColumn: "true_churn_probability", Report: report, Gbm: new() { Trees = 80 }, Ceiling: true), output, new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["n_rows"]!.GetValue<int>().Should().Be(1500);
        json["folds"]!.GetValue<int>().Should().Be(3);
        json["roc_auc"]!.GetValue<double>().Should().BeInRange(0.65, json["oracle_roc_auc"]!.GetValue<double>() + 0.03);
        json["ece"]!.GetValue<double>().Should().BeLessThan(0.1);
        json["ceiling_roc_auc"]!.GetValue<double>().Should().BeInRange(0.65, json["oracle_roc_auc"]!.GetValue<double>());
        foreach (var key in new[] { "roc_auc_std", "pr_auc", "brier", "positive_rate" })
            json[key].Should().NotBeNull(key);
        json["columns"]!["account_id"].Should().BeNull("the id column is not a feature");
        json["columns"]!["plan"]!.GetValue<string>().Should().StartWith("categorical");
        output.ToString().Should().Contain("roc_auc");
    }

    [Fact]
    public void TrainChurn_CopesWithMessyColumns_IdsYesNoTextBlanksAndCategories()
    {
        using var dir = new ScratchDir();
        var rng = new Random(6);
        var lines = new List<string> { "customerID,gender,tenure,Contract,TotalCharges,Churn" };
        for (var i = 0; i < 400; i++)
        {
            var contract = rng.Next(3) switch { 0 => "Month-to-month", 1 => "One year", _ => "Two year" };
            var tenure = rng.Next(0, 72);
            var churn = rng.NextDouble() < (contract == "Month-to-month" ? 0.45 : 0.1) * (tenure < 12 ? 1.5 : 0.8);
            // Telco-style quirks: a blank-with-space TotalCharges for brand-new customers, a quoted category.
            var charges = tenure == 0 ? " " : (tenure * 50.5).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines.Add($"{1000 + i}-ABCD,{(rng.Next(2) == 0 ? "Female" : "Male")},{tenure},\"{contract}\",{charges},{(churn ? "Yes" : "No")}");
        }
        var csv = dir.Write("telco.csv", string.Join('\n', lines));
        var report = dir.File("r.json");

        var exit = ChurnCommand.Run(new ChurnArgs(csv, "Churn", Folds: 5, Report: report, Gbm: new() { Trees = 60 }), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["roc_auc"]!.GetValue<double>().Should().BeGreaterThan(0.6);
        json["columns"]!["customerID"]!.GetValue<string>().Should().StartWith("dropped: identifier-like");
        json["columns"]!["TotalCharges"]!.GetValue<string>().Should().Be("numeric");
    }

    [Theory]
    [InlineData("a,b,churned\n1,2,0\n3,4\n", "line 3 has 2 fields")]
    [InlineData("a,b,churned\n1,2,0\n3,x,1\n4,5,0\n", "line 3, column 'b': 'x' is not a number")]
    [InlineData("", "the file is empty")]
    [InlineData("a,b,churned\n1,2,0\n3,4,0\n", "column 'churned' has a single class")]
    public void TrainChurn_FailsWithAClearError_OnBadInput(string csv, string message)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("bad.csv", csv);
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(path, "churned", Report: report), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain(message);
        File.Exists(report).Should().BeFalse("a failed run writes no report");
    }

    [Theory]
    [InlineData("churn", null, "--label: unknown column 'churn'")]
    [InlineData("churned", "nope", "--exclude: unknown column 'nope'")]
    public void TrainChurn_Fails_OnAnUnknownColumnName(string label, string? exclude, string message)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("d.csv", "a,churned\n1,0\n2,1\n");
        var error = new StringWriter();

        ChurnCommand.Run(new ChurnArgs(path, label, Exclude: exclude), new StringWriter(), error).Should().Be(1);

        error.ToString().Should().Contain(message).And.Contain("the columns are a, churned");
    }

    [Fact]
    public void TrainChurn_WithEarlyStopping_StopsEachFoldBeforeTheCap_AndReportsTheSettings()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(1500, 3, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("report.json");

        var exit = ChurnCommand.Create().Parse(["--csv", dir.File("churn.csv"), "--label", "churned", "--id", "account_id", "--folds", "3",
            "--report", report, "--trees", "3000", "--learning-rate", "0.1", "--early-stopping", "20", "--subsample", "0.8"]).Invoke();

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["fold_trees"]!.AsArray().Select(t => t!.GetValue<int>()).Should().HaveCount(3).And.OnlyContain(t => t > 0 && t < 3000);
        json["gbm"]!["early_stopping"]!.GetValue<int>().Should().Be(20);
        json["gbm"]!["subsample"]!.GetValue<double>().Should().Be(0.8);
    }

    [Theory]
    [InlineData("--subsample", "0")]
    [InlineData("--feature-fraction", "1.5")]
    [InlineData("--early-stopping", "-1")]
    [InlineData("--l2", "-1")]
    public void TrainChurn_RejectsAnOutOfRangeGbmSetting_WritingNoReport(string option, string value)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("d.csv", "a,churned\n1,0\n2,1\n");
        var report = dir.File("r.json");

        var exit = ChurnCommand.Create().Parse(["--csv", path, "--label", "churned", "--report", report, option, value]).Invoke();

        exit.Should().Be(1);
        File.Exists(report).Should().BeFalse();
    }

    [Fact]
    public void TrainChurn_RefusesCeiling_WithoutAnOracleColumn()
    {
        using var dir = new ScratchDir();
        var path = dir.Write("d.csv", "a,churned\n1,0\n2,1\n");
        var error = new StringWriter();

        ChurnCommand.Run(new ChurnArgs(path, "churned", Ceiling: true), new StringWriter(), error).Should().Be(1);

        error.ToString().Should().Contain("--ceiling needs --oracle-column");
    }
}
