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
        cards[0].QuerySelector("[data-testid=roc-auc]")!.TextContent.Should().Be("0.804");
        cards[0].QuerySelector("[data-testid=model-card]")!.TextContent.Should().Contain("# Churn model churn-20261123-1");
        cut.Find("[data-testid=models-chart]").QuerySelector("svg").Should().NotBeNull();
    }

    private static ModelVersionSummary Version(string version, double rocAuc, bool champion) => new(
        version, "churn", new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), champion,
        new Dictionary<string, double> { ["roc_auc"] = rocAuc, ["pr_auc"] = rocAuc - 0.3, ["brier"] = 0.1 },
        ["days_since_login", "seats_used_ratio"],
        new TrainingWindow(new DateOnly(2026, 5, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 11, 1)),
        "abc123", 400, $"# Churn model {version}\nPredicts churn.");
}
