using ActionPlane.Cli.Data;
using ActionPlane.Cli.Tests.Train;
using ActionPlane.Engine.Actions;

namespace ActionPlane.Cli.Tests.Data;

public sealed class GenerateCommandTests
{
    [Fact]
    public void Generate_WritesChurnAndOneUpliftFilePerCatalogAction_WithTheIssuesColumns()
    {
        using var dir = new ScratchDir();
        var output = new StringWriter();

        var exit = GenerateCommand.Run(120, 3, dir.Path, null, output, new StringWriter());

        exit.Should().Be(0);
        var churn = File.ReadAllLines(dir.File("churn.csv"));
        churn.Should().HaveCount(121);
        churn[0].Split(',').Should().StartWith(["account_id"]).And.EndWith(["churned", "true_churn_probability"]).And.Contain("usage_trend_7d_vs_30d");
        foreach (var action in ActionCatalog.Default.All)
        {
            var header = File.ReadLines(dir.File($"uplift_{action.Type.Value}.csv")).First().Split(',');
            header.Should().StartWith(["account_id"]).And.EndWith(["treatment", "retained", "true_uplift"]);
        }
        File.Exists(dir.File("actions.json")).Should().BeTrue();
        output.ToString().Should().Contain("uplift_csm_outreach.csv");
    }

    [Fact]
    public void Generate_IsReproducible_ForASeed()
    {
        using var first = new ScratchDir();
        using var second = new ScratchDir();

        GenerateCommand.Run(60, 8, first.Path, null, new StringWriter(), new StringWriter());
        GenerateCommand.Run(60, 8, second.Path, null, new StringWriter(), new StringWriter());

        File.ReadAllText(second.File("uplift_offer_discount.csv")).Should().Be(File.ReadAllText(first.File("uplift_offer_discount.csv")));
    }

    [Fact]
    public void Generate_WithAConfoundedScenario_AddsAPropensityColumn()
    {
        using var dir = new ScratchDir();
        var scenario = dir.Write("scenario.json", """{"confounding": 0.7, "base_churn_shift": 0.5}""");

        GenerateCommand.Run(50, 1, dir.File("out"), scenario, new StringWriter(), new StringWriter()).Should().Be(0);

        File.ReadLines(System.IO.Path.Combine(dir.File("out"), "uplift_pin_shortcut.csv")).First().Should().Contain(",treatment,propensity,retained,");
    }

    [Fact]
    public void Generate_Fails_OnABadScenario_NamingTheField()
    {
        using var dir = new ScratchDir();
        var scenario = dir.Write("scenario.json", """{"noise_scale": -1}""");
        var error = new StringWriter();

        var exit = GenerateCommand.Run(50, 1, dir.File("out"), scenario, new StringWriter(), error);

        exit.Should().NotBe(0);
        error.ToString().Should().Contain("noise_scale");
        Directory.Exists(dir.File("out")).Should().BeFalse();
    }
}
