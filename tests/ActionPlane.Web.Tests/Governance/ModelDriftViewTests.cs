using ActionPlane.Engine.Models.Drift;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ModelDriftViewTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static DriftReport Report(bool baseline = true, int scored = 50, ReliabilityCurve? recent = null) => new(
        "churn-20261123-1", At, baseline, scored,
        baseline
            ? [new FeaturePsi("tickets_30d", 0.4, "significant", [1, 2], [0.3, 0.3, 0.4, 0], [0.1, 0.1, 0.8, 0]),
               new FeaturePsi("seat_utilisation", 0.02, "stable", [0.5], [0.5, 0.5, 0], [0.45, 0.55, 0])]
            : [],
        baseline ? ReliabilityCurve.Of([0.1, 0.2, 0.8, 0.9], [false, false, true, true]) : null,
        recent);

    [Fact]
    public void ShowsProgress_WhileLoading()
    {
        var cut = Render<ModelDriftView>();

        cut.FindAll("[data-testid=drift-loading]").Should().ContainSingle();
    }

    [Fact]
    public void ShowsTheError_WhenDriftCannotBeComputed()
    {
        var cut = Render<ModelDriftView>(p => p.Add(v => v.Error, "The drift of churn-20261123-1 cannot be computed: connection refused"));

        cut.Find("[data-testid=drift-error]").TextContent.Should().Contain("connection refused");
    }

    [Fact]
    public void ExplainsWhyThereIsNoDrift_ForAVersionWithoutBaseline_OrWithoutScoredAccounts()
    {
        var old = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(baseline: false)));
        var unscored = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(scored: 0)));

        old.Find("[data-testid=drift-no-baseline]").TextContent.Should().Contain("before training baselines were kept");
        unscored.Find("[data-testid=drift-empty]").TextContent.Should().Contain("scores no account yet");
    }

    [Fact]
    public void ShowsPsiPerFeatureWithBands_AndTheReliabilityDiagram()
    {
        var recent = ReliabilityCurve.Of([0.1, 0.9], [true, false]);

        var cut = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(recent: recent)));

        cut.FindAll("[data-testid=drift-feature]").Select(e => (e.GetAttribute("data-feature"), e.GetAttribute("data-band")))
            .Should().Equal(("tickets_30d", "significant"), ("seat_utilisation", "stable"));
        cut.Find("[data-testid=drift-summary]").TextContent.Should().Contain("Largest PSI 0.400 (significant)");
        cut.FindAll("[data-testid=drift-psi-chart]").Should().ContainSingle();
        cut.FindAll("[data-testid=drift-reliability-chart]").Should().ContainSingle();
        cut.Find("[data-testid=calibration-summary]").TextContent.Should().Contain("on 2 recent outcomes (worse)");
    }

    // Regression: rates of 0–1 on the chart's default 0–20 axis drew every curve flat along the bottom.
    [Fact]
    public void ReliabilityDiagram_PlotsRatesInPercent_OnAnAxisUpToHundred()
    {
        var cut = Render<ModelDriftView>(p => p.Add(v => v.Report, Report()));

        var chart = cut.FindComponents<MudBlazor.MudChart<double>>().Single(c => c.Instance.ChartType == MudBlazor.ChartType.Line).Instance;
        chart.ChartSeries[0].Data.Should().Contain([5.0, 95.0], "the diagonal runs from the first bin's midpoint to the last's, in percent");
        chart.ChartLabels.First().Should().Be("5");
        var axis = cut.Find("[data-testid=drift-reliability-chart]").QuerySelectorAll("text").Select(t => t.TextContent.Trim());
        axis.Should().Contain("100");
    }

    [Fact]
    public void SaysNoOutcomeIsRecordedYet_WhenOnlyTheTrainingCurveExists()
    {
        var cut = Render<ModelDriftView>(p => p.Add(v => v.Report, Report()));

        cut.Find("[data-testid=calibration-summary]").TextContent.Should().Contain("No outcome (churned, renewed, retained) has been recorded yet");
    }
}
