using System.Text.Json.Nodes;
using ActionPlane.Cli.Evaluate;
using ActionPlane.Cli.Tests.Train;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Tests.Evaluate;

public sealed class EvaluateCommandTests
{
    [Fact]
    public void Evaluate_OnSmallTenants_ReportsChurnAgainstTheOracle_AndTheProductLearnersQiniRatioPerAction()
    {
        // Arrange: two small generated tenants, the two actions with the clearest effects (at 4,000 accounts
        // the weaker ones, e.g. prefill_form, are mostly outcome noise), the log-odds DR learner.
        using var dir = new ScratchDir();
        var report = dir.File("quality.json");
        var settings = new EvaluationSettings(Accounts: 4000, Seeds: 2, FirstSeed: 11, ChurnFolds: 3, UpliftFolds: 2, Learners: [UpliftLearner.DRLogOdds], Members: 1,
            Actions: ["pin_shortcut", "schedule_nudge"], DataDir: dir.File("data"));

        // Act
        var exit = EvaluateCommand.Run(settings, skipChurn: false, report, new StringWriter(), new StringWriter());

        // Assert: a quality floor a badly regressed learner (noise, a sign error, a leaked feature) would not meet.
        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["churn"]!["gap_mean"]!.GetValue<double>().Should().BeInRange(-0.01, 0.05);
        json["churn"]!["ece_max"]!.GetValue<double>().Should().BeLessThan(0.05);
        foreach (var action in new[] { "pin_shortcut", "schedule_nudge" })
        {
            var quality = json["uplift"]![action]!;
            quality["per_seed"]!.AsArray().Should().HaveCount(2);
            quality["ratio_mean"]!.GetValue<double>().Should().BeInRange(0.3, 1.3, action);
        }
        json["uplift"]!["schedule_nudge"]!["beats_churn_risk"]!.GetValue<int>().Should().Be(2, "a nudge helps fading accounts without support friction, not the riskiest");
        Directory.GetDirectories(dir.File("data")).Should().HaveCount(2, "--data-dir keeps one tenant per seed for the next run");
    }

    [Fact]
    public void Evaluate_RejectsAnUnknownAction_NamingTheOption()
    {
        var error = new StringWriter();

        var exit = EvaluateCommand.Run(new EvaluationSettings(Accounts: 100, Seeds: 1, Actions: ["send_flowers"]), skipChurn: true, null, new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("--actions").And.Contain("send_flowers");
    }
}
