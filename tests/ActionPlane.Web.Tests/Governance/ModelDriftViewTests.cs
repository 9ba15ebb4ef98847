using ActionPlane.Engine.Models.Drift;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ModelDriftViewTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<WeeklyPerformance> Weeks =
    [
        new("2026-W45", new DateOnly(2026, 11, 2), 40, 10, 0.9, 0.7, 0.04, 0.26, 0.25),
        new("2026-W46", new DateOnly(2026, 11, 9), 12, 3, null, null, null, null, null),
        new("2026-W47", new DateOnly(2026, 11, 16), 30, 9, 0.75, 0.5, 0.06, 0.28, 0.3),
    ];

    private static RecentAuc Recent(double? auc, double? training = 0.8) => new(4, new DateOnly(2026, 10, 27), new DateOnly(2026, 11, 16), 82, 22, auc, training);

    private static DriftReport Report(bool baseline = true, int scored = 50, ReliabilityCurve? recent = null, IReadOnlyList<WeeklyPerformance>? weekly = null, RecentAuc? recentAuc = null) => new(
        "churn-20261123-1", At, baseline, scored,
        baseline
            ? [new FeaturePsi("tickets_30d", 0.4, "significant", [1, 2], [0.3, 0.3, 0.4, 0], [0.1, 0.1, 0.8, 0]),
               new FeaturePsi("seat_utilisation", 0.02, "stable", [0.5], [0.5, 0.5, 0], [0.45, 0.55, 0])]
            : [],
        baseline ? ReliabilityCurve.Of([0.1, 0.2, 0.8, 0.9], [false, false, true, true]) : null,
        recent,
        weekly ?? [],
        recentAuc ?? new RecentAuc(4, null, null, 0, 0, null, null));

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
        var cut = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(recent: Reversed(DriftReport.MinRecentOutcomesForEce))));

        cut.FindAll("[data-testid=drift-feature]").Select(e => (e.GetAttribute("data-feature"), e.GetAttribute("data-band")))
            .Should().Equal(("tickets_30d", "significant"), ("seat_utilisation", "stable"));
        cut.Find("[data-testid=drift-summary]").TextContent.Should().Contain("Largest PSI 0.400 (significant)");
        cut.FindAll("[data-testid=drift-psi-chart]").Should().ContainSingle();
        cut.FindAll("[data-testid=drift-reliability-chart]").Should().ContainSingle();
        cut.Find("[data-testid=calibration-summary]").TextContent.Should().Contain("on 20 recent outcomes (worse)");
    }

    // Scores of 0.1 for churners and 0.9 for stayers: as badly calibrated as it gets, on n outcomes.
    private static ReliabilityCurve Reversed(int n) =>
        ReliabilityCurve.Of([.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0.1 : 0.9)], [.. Enumerable.Range(0, n).Select(i => i % 2 == 0)]);

    private static string[] ReliabilityLegend(IRenderedComponent<ModelDriftView> cut) =>
        [.. cut.FindComponents<MudBlazor.MudChart<double>>().Single(c => c.Instance.ChartType == MudBlazor.ChartType.Line).Instance.ChartSeries.Select(s => s.Name)];

    // Regression: one churner scored 0.302 showed as "recent outcomes (ECE 0.698)", an alarming number that was one account.
    [Fact]
    public void RecentEce_OnFewerOutcomesThanTheMinimum_ReadsAsTooFewOutcomes_WithTheCount()
    {
        var one = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(recent: ReliabilityCurve.Of([0.302], [true]))));
        var nineteen = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(recent: Reversed(DriftReport.MinRecentOutcomesForEce - 1))));

        ReliabilityLegend(one).Should().Equal("perfectly calibrated", "training (ECE 0.150 on 4)", "recent outcomes (1: too few outcomes for an ECE)");
        one.Find("[data-testid=calibration-summary]").TextContent.Should().Contain("ECE 0.150 on 4 held-out training accounts. 1 recent outcome: too few outcomes for an ECE (it needs at least 20")
            .And.NotContain("0.698");
        ReliabilityLegend(nineteen).Last().Should().Be("recent outcomes (19: too few outcomes for an ECE)");
        nineteen.Find("[data-testid=calibration-summary]").TextContent.Should().Contain("19 recent outcomes: too few outcomes").And.NotContain("worse");
    }

    [Fact]
    public void RecentEce_FromTheMinimumOn_IsANumberWithItsCount()
    {
        var cut = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(recent: Reversed(DriftReport.MinRecentOutcomesForEce))));

        ReliabilityLegend(cut).Last().Should().Be("recent outcomes (ECE 0.900 on 20)");
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

    [Fact]
    public void WeeklyAuc_IsALineInPercentAgainstTheTrainingAuc_WithATableOfWeeks()
    {
        var cut = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(weekly: Weeks, recentAuc: Recent(0.78))).Add(v => v.AucDropTrigger, 0.05));

        var chart = cut.FindComponents<MudBlazor.MudChart<double>>().Select(c => c.Instance).Single(c => c.ChartLabels.FirstOrDefault() == "2026-W45");
        chart.ChartLabels.Should().Equal("2026-W45", "2026-W46", "2026-W47");
        chart.ChartSeries[0].Data.Points.Select(p => p.HasValue ? p.Y : (double?)null).Should().Equal([90.0, null, 75.0], "a week without enough outcomes has no point");
        chart.ChartSeries[1].Name.Should().Be("training ROC-AUC (0.800)");
        chart.ChartSeries[1].Data.Values.Should().Equal(80.0, 80.0, 80.0);
        cut.FindAll("[data-testid=auc-week]").Select(r => r.GetAttribute("data-week")).Should().Equal("2026-W45", "2026-W46", "2026-W47");
        cut.FindAll("[data-testid=auc-week]")[1].TextContent.Should().Contain("12").And.Contain("—");
        cut.Find("[data-testid=auc-summary]").TextContent.Should().Contain("ROC-AUC 0.780 on 82 outcomes of the 4 weeks 2026-W44–2026-W47, training 0.800 (drop +0.020)");
        cut.FindAll("[data-testid=auc-alert]").Should().BeEmpty("a drop of 0.02 is within the 0.05 trigger");
    }

    [Fact]
    public void AucAlert_ShowsWhenTheRecentAucFellMoreThanTheTrigger_AndNotWhenTheTriggerIsOff()
    {
        var fell = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(weekly: Weeks, recentAuc: Recent(0.7))).Add(v => v.AucDropTrigger, 0.05));
        var off = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(weekly: Weeks, recentAuc: Recent(0.7))).Add(v => v.AucDropTrigger, 0));

        fell.Find("[data-testid=auc-alert]").TextContent.Should().Contain("0.100 below training (0.700 vs 0.800)").And.Contain("more than the 0.05");
        off.FindAll("[data-testid=auc-alert]").Should().BeEmpty();
    }

    [Fact]
    public void WeeklyAuc_SaysHowManyOutcomesARecentAucNeeds_BeforeThereAreEnough()
    {
        var none = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(recentAuc: new RecentAuc(4, null, null, 0, 0, null, 0.8))));
        var few = Render<ModelDriftView>(p => p.Add(v => v.Report, Report(weekly: Weeks.Take(2).ToList(), recentAuc: new RecentAuc(4, new DateOnly(2026, 10, 19), new DateOnly(2026, 11, 9), 12, 3, null, 0.8))));

        none.Find("[data-testid=auc-summary]").TextContent.Should().Contain("Training ROC-AUC 0.800").And.Contain("No proposal made with this version has a churn outcome");
        none.FindAll("[data-testid=auc-chart]").Should().BeEmpty();
        few.Find("[data-testid=auc-summary]").TextContent.Should().Contain("have 12 outcomes (3 churned)").And.Contain("at least 20");
    }
}
