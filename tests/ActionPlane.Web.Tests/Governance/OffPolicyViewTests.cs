using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class OffPolicyViewTests : MudTestContext
{
    private static readonly DecisionLogCounts Counts = new(LabelledRows: 900, AccountDecisions: 130, Usable: 120, Explored: 14, NoActionChosen: 20, Holdout: 6, PersonChoices: 3,
        WithoutPropensity: 1, SeveralChosen: 0);

    private static OffPolicyFigure Figure(double value, double se) => new(value, se, value - 1.96 * se, value + 1.96 * se, 120, 80);

    private static StrategyEstimate Estimate(string name, double dr, double increment) =>
        new(name, Figure(dr + 0.01, 0.05), Figure(dr, 0.04), Figure(dr, 0.03), Figure(increment, 0.04), 100, 90, 0);

    private static OffPolicyEvaluation Report(string? notEnough, params StrategyEstimate[] strategies) =>
        new(null, null, Counts, 0.81, new Dictionary<string, double>(), strategies, notEnough, GreedySettings.Of(new ArbitrationSettings()), 0.2);

    [Fact]
    public void FlagsAStrategyWhoseEstimateRestsOnFewDecisions()
    {
        var few = Estimate(OffPolicyStrategy.NoAction, 0.9, 0) with { Ips = new OffPolicyFigure(1.05, 0.5, 0.07, 2.03, 120, 3.9) };

        var cut = Render<OffPolicyView>(p => p.Add(v => v.Report, Report(null, few, Estimate(OffPolicyStrategy.Greedy, 0.84, -0.06))));

        cut.Find("[data-testid=ope-row][data-strategy=no_action]").TextContent.Should().Contain("3.9").And.Contain("rests on few decisions");
        cut.Find("[data-testid=ope-row][data-strategy=greedy]").TextContent.Should().NotContain("rests on few decisions");
    }

    [Fact]
    public void ShowsProgress_WhileLoading() =>
        Render<OffPolicyView>().FindAll("[data-testid=ope-loading]").Should().ContainSingle();

    [Fact]
    public void SaysPlainlyWhyNot_WhenThereAreNoLabelledDecisions()
    {
        var cut = Render<OffPolicyView>(p => p.Add(v => v.Report, Report("Not enough labelled explored decisions yet: no decision in this window has an observed outcome.")));

        cut.Find("[data-testid=ope-not-enough]").TextContent.Should().Contain("Not enough labelled explored decisions yet");
        cut.FindAll("[data-testid=ope-chart]").Should().BeEmpty();
        cut.Find("[data-testid=ope-usable]").TextContent.Should().Be("120");
    }

    [Fact]
    public void DrawsAnIntervalPerStrategy_AndListsTheEstimatesWithTheirIncrement()
    {
        var cut = Render<OffPolicyView>(p => p.Add(v => v.Report, Report(null,
            Estimate(OffPolicyStrategy.NoAction, 0.70, 0), Estimate(OffPolicyStrategy.Logged, 0.81, 0.11), Estimate(OffPolicyStrategy.Greedy, 0.84, 0.14))));

        cut.FindAll("[data-testid=ope-not-enough]").Should().BeEmpty();
        var bars = cut.FindAll("[data-testid=ope-bar]");
        bars.Select(b => b.GetAttribute("data-strategy")).Should().Equal("no_action", "logged", "greedy");
        bars.Should().OnlyContain(b => b.QuerySelectorAll("circle").Length == 1 && b.QuerySelectorAll("line").Length == 2);
        var greedy = cut.Find("[data-testid=ope-row][data-strategy=greedy]");
        greedy.TextContent.Should().Contain("84.0 %").And.Contain("+14.0 %").And.Contain("80.0");
        cut.Find("[data-testid=ope-row][data-strategy=no_action]").TextContent.Should().Contain("—");
        cut.FindAll("[data-testid=ope-few]").Should().BeEmpty("every ESS is 80");
        cut.Find("[data-testid=ope-greedy-settings]").TextContent.Should().Contain("λ 0.5 (ActionPlane:Decisioning:UncertaintyPenalty)");
    }

    [Fact]
    public void SetsTheEnginesAccountsAgainstTheHoldout_WithTheRealisedLift()
    {
        var outcomes = new List<DecisionOutcome>();
        for (var i = 0; i < 40; i++)
            outcomes.Add(new($"a{i}", Holdout: false, Retained: i % 10 != 0));
        for (var i = 0; i < 10; i++)
            outcomes.Add(new($"h{i}", Holdout: true, Retained: i % 5 != 0));
        var report = Report(null, Estimate(OffPolicyStrategy.NoAction, 0.70, 0)) with { Holdout = HoldoutComparison.Of(outcomes) };

        var cut = Render<OffPolicyView>(p => p.Add(v => v.Report, report));

        cut.Find("[data-testid=ope-holdout-engine]").TextContent.Should().Contain("90.0 %").And.Contain("40");
        cut.Find("[data-testid=ope-holdout-group]").TextContent.Should().Contain("80.0 %").And.Contain("10");
        cut.Find("[data-testid=ope-holdout-lift]").TextContent.Should().Contain("+10.0 %");
    }

    [Fact]
    public void SetsTheRewardModelsBaselineAgainstTheUntreatedDecisions_AndWarnsWhenItIsOff()
    {
        // Twenty held-out accounts at churn 0.3: the model predicts 70 % kept; 90 % were.
        var outcomes = Enumerable.Range(0, 20).Select(i => new DecisionOutcome($"h{i}", Holdout: true, Retained: i % 10 != 0, ChurnProbability: 0.3)).ToList();
        var noAction = Figure(0.70, 0.03);
        var report = Report(null, Estimate(OffPolicyStrategy.NoAction, 0.70, 0)) with
        {
            Baseline = BaselineCalibration.Of(outcomes, [], noAction, HoldoutComparison.Of(outcomes).Holdout),
        };

        var cut = Render<OffPolicyView>(p => p.Add(v => v.Report, report));

        cut.Find("[data-testid=ope-baseline-group][data-group=holdout]").TextContent.Should().Contain("70.0 %").And.Contain("90.0 %").And.Contain("+20.0 %").And.Contain("20");
        cut.Find("[data-testid=ope-baseline-off]").TextContent.Should().Contain("on the 20 held-out decisions (20 accounts) it predicted 70.0 % retained, 90.0 % were kept");
        cut.Find("[data-testid=ope-baseline-dr]").TextContent.Should().Contain("DR's value of doing nothing less what the holdout kept: -20.0 %");

        // Kept as predicted: the table stays, the warning goes.
        var matching = outcomes.Select((o, i) => o with { Retained = i % 10 < 7 }).ToList();
        var calibrated = Render<OffPolicyView>(p => p.Add(v => v.Report, report with { Baseline = BaselineCalibration.Of(matching, [], noAction, null) }));
        calibrated.Find("[data-testid=ope-baseline-group][data-group=holdout]").TextContent.Should().Contain("70.0 %").And.NotContain("90.0 %");
        calibrated.FindAll("[data-testid=ope-baseline-off]").Should().BeEmpty();
    }

    [Fact]
    public void LeavesTheHoldoutTableOut_WhenTheReportHasNone() =>
        Render<OffPolicyView>(p => p.Add(v => v.Report, Report(null, Estimate(OffPolicyStrategy.NoAction, 0.70, 0))))
            .FindAll("[data-testid=ope-holdout]").Should().BeEmpty();

    [Fact]
    public void TheChartsAxis_StopsAtAHundredPercent_WhenAnIntervalReachesPastIt()
    {
        var wide = Estimate(OffPolicyStrategy.NoAction, 0.9, 0) with { Ips = new OffPolicyFigure(0.43, 0.3, -0.15, 1.02, 120, 2.1) };

        var cut = Render<OffPolicyView>(p => p.Add(v => v.Report, Report(null, wide, Estimate(OffPolicyStrategy.Greedy, 0.84, -0.06))));

        var ticks = cut.FindAll("[data-testid=ope-chart] svg > g:not([data-testid=ope-bar]) > text").Select(t => t.TextContent).ToList();
        ticks.Should().HaveCount(5).And.HaveElementAt(0, "0.0 %").And.HaveElementAt(4, "100.0 %");
        cut.Find("[data-testid=ope-row][data-strategy=no_action]").TextContent.Should().Contain("102.0 %", "the table keeps the interval as estimated");
    }
}
