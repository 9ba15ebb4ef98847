using System.Text.Json.Nodes;
using ActionPlane.Cli.Data;
using ActionPlane.Cli.Tests.Train;

namespace ActionPlane.Cli.Tests.Data;

public sealed class DriversCommandTests
{
    [Fact]
    public void Drivers_PrintsAndReportsTheRecoveryOfEveryDriver()
    {
        using var dir = new ScratchDir();
        var output = new StringWriter();

        var exit = DriversCommand.Run(400, 3, dir.File("drivers.json"), output, new StringWriter());

        exit.Should().Be(0);
        output.ToString().Should().Contain("usage_decline").And.Contain("support_friction").And.Contain("observable_log_odds");
        var report = JsonNode.Parse(File.ReadAllText(dir.File("drivers.json")))!;
        report["downgraded"]!["best_feature"]!.GetValue<string>().Should().Be("downgraded_90d");
        report["usage_decline"]!["r2_all"]!.GetValue<double>().Should().BeInRange(0, 1);
        output.ToString().Should().Contain("noise-free hazard");
        report["floor"]!["noise_free_roc_auc"]!.GetValue<double>().Should().BeInRange(0.5, 1);
        report["floor"]!["noise_gap"]!.GetValue<double>().Should().BeApproximately(
            report["floor"]!["oracle_roc_auc"]!.GetValue<double>() - report["floor"]!["noise_free_roc_auc"]!.GetValue<double>(), 2e-5);
    }

    [Fact]
    public void Drivers_RejectsTooFewAccounts_NamingTheOption()
    {
        var error = new StringWriter();

        var exit = DriversCommand.Run(10, 3, null, new StringWriter(), error);

        exit.Should().NotBe(0);
        error.ToString().Should().Contain("--accounts");
    }
}
