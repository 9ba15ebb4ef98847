using ActionPlane.Engine.Models;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ModelVersionsViewTests : MudTestContext
{
    [Fact]
    public void View_ShowsProgress_WhileLoading()
    {
        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, null));

        cut.FindAll("[data-testid=models-loading]").Should().ContainSingle();
    }

    [Fact]
    public void View_TellsHowToTrainOne_WhenTheRegistryIsEmpty()
    {
        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, []));

        cut.Find("[data-testid=models-empty]").TextContent.Should().Contain("actionplane train");
        cut.FindAll("[data-testid=models-chart]").Should().BeEmpty();
    }

    [Fact]
    public void View_ShowsEveryVersionNewestFirst_WithMetricsChampionCardAndAChart()
    {
        IReadOnlyList<ModelVersionSummary> versions = [Version("churn-20261101-1", 0.712, champion: false), Version("churn-20261123-1", 0.804, champion: true)];

        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, versions));

        var cards = cut.FindAll("[data-testid=model-version]");
        cards.Select(c => c.GetAttribute("data-version")).Should().Equal("churn-20261123-1", "churn-20261101-1");
        cards[0].QuerySelector("[data-testid=champion]").Should().NotBeNull();
        cards[1].QuerySelector("[data-testid=champion]").Should().BeNull();
        cards[0].QuerySelector("[data-testid=metric][data-metric=roc_auc]")!.TextContent.Should().Be("ROC-AUC0.804");
        cards[0].QuerySelector("[data-testid=model-card]")!.TextContent.Should().Contain("# Churn model churn-20261123-1");
        cut.Find("[data-testid=models-chart]").QuerySelector("svg").Should().NotBeNull();
    }

    // Regression: every version showed its full card (window, feature chips, model card): ten versions made a page of several screens.
    [Fact]
    public void View_OpensTheChampionsDetails_AndKeepsTheOthersOneClickAway_WithTheirMetricsInSight()
    {
        IReadOnlyList<ModelVersionSummary> versions = [Version("churn-20261101-1", 0.712, champion: false), Version("churn-20261123-1", 0.804, champion: true)];

        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, versions));

        var cards = cut.FindAll("[data-testid=model-version]");
        cards[0].QuerySelector("[data-testid=model-details]")!.HasAttribute("open").Should().BeTrue();
        cards[1].QuerySelector("[data-testid=model-details]")!.HasAttribute("open").Should().BeFalse();
        cards[1].QuerySelector("[data-testid=model-details] [data-testid=metric]").Should().BeNull("the headline metrics stay outside the folded details");
        cards[1].QuerySelector("[data-testid=metric][data-metric=roc_auc]")!.TextContent.Should().Be("ROC-AUC0.712");
    }

    // Regression: uplift and ranking versions showed ROC-AUC, PR-AUC and Brier as "—", their own metrics only inside the card's text.
    [Fact]
    public void View_ShowsEachVersionsOwnMetrics_QiniForUplift_NdcgForRanking()
    {
        IReadOnlyList<ModelVersionSummary> versions =
        [
            Version("churn-20261123-1", 0.804, champion: true),
            Other("uplift/csm_outreach-20261123-1", "uplift/csm_outreach", new() { ["qini_auc"] = 0.0634, ["oracle_qini_auc"] = 0.0764, ["uplift_auc"] = 0.109, ["uplift_at_30"] = 0.211, ["n_test"] = 600 }),
            Other("ranking-20261123-1", "ranking", new() { ["ndcg@1"] = 0.968, ["ndcg@3"] = 0.952, ["test_accounts"] = 400 }),
        ];

        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, versions));

        MetricsOf(cut, "uplift/csm_outreach-20261123-1").Should().Equal("qini_auc=0.063", "oracle_qini_auc=0.076", "uplift_auc=0.109", "uplift_at_30=0.211");
        MetricsOf(cut, "ranking-20261123-1").Should().Equal("ndcg@1=0.968", "ndcg@3=0.952");
        MetricsOf(cut, "churn-20261123-1").Should().Equal("roc_auc=0.804", "pr_auc=0.504", "brier=0.100");
    }

    // Regression: the chart plotted uplift and ranking versions at 0 beside the churn ones, on a 0–20 axis where 0–1 scores lay flat.
    [Fact]
    public void Chart_PlotsOnlyChurnVersions_OnAScaleOfHundred()
    {
        IReadOnlyList<ModelVersionSummary> versions =
        [
            Version("churn-20261101-1", 0.712, champion: false),
            Other("uplift/csm_outreach-20261123-1", "uplift/csm_outreach", new() { ["qini_auc"] = 0.06, ["uplift_auc"] = 0.1, ["uplift_at_30"] = 0.2 }),
            Version("churn-20261123-1", 0.804, champion: true),
        ];

        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, versions));

        var chart = cut.FindComponent<MudBlazor.MudChart<double>>().Instance;
        chart.ChartLabels.Should().Equal("churn-20261101-1", "churn-20261123-1");
        chart.ChartSeries.Single(s => s.Name == "ROC-AUC").Data.Should().Equal(71.2, 80.4);
        var axis = cut.Find("[data-testid=models-chart]").QuerySelectorAll("text").Select(t => t.TextContent.Trim()).ToList();
        axis.Should().Contain("100").And.NotContain("20.5");
    }

    [Fact]
    public void Chart_IsLeftOut_WithFewerThanTwoChurnVersions()
    {
        IReadOnlyList<ModelVersionSummary> versions = [Version("churn-20261123-1", 0.804, champion: true)];

        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, versions));

        cut.FindAll("[data-testid=models-chart]").Should().BeEmpty();
    }

    private static List<string> MetricsOf(IRenderedComponent<ModelVersionsView> cut, string version) =>
        [.. cut.Find($"[data-testid=model-version][data-version='{version}']").QuerySelectorAll("[data-testid=metric]")
            .Select(row => $"{row.GetAttribute("data-metric")}={row.QuerySelector("td")!.TextContent}")];

    private static ModelVersionSummary Other(string version, string kind, Dictionary<string, double> metrics) => new(
        version, kind, new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), true, metrics, ["seats"],
        new TrainingWindow(new DateOnly(2026, 5, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 11, 1)), "abc123", 2000, $"# {version}");

    private static ModelVersionSummary Version(string version, double rocAuc, bool champion) => new(
        version, "churn", new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), champion,
        new Dictionary<string, double> { ["roc_auc"] = rocAuc, ["pr_auc"] = rocAuc - 0.3, ["brier"] = 0.1 },
        ["days_since_login", "seats_used_ratio"],
        new TrainingWindow(new DateOnly(2026, 5, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 11, 1)),
        "abc123", 400, $"# Churn model {version}\nPredicts churn.");
}
