using ActionPlane.Engine.Models;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ThresholdViewTests : MudTestContext
{
    // The hand-worked set of ThresholdChoiceTests: at costs 1:10 the threshold is 0.3, precision 4/7, recall 1.
    private static readonly ThresholdChoice Choice = ThresholdChoice.ByCost(
        [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05], [true, true, false, true, false, false, true, false, false, false], 1, 10);

    [Fact]
    public void VersionWithAThreshold_ShowsItsRule_OperatingPoint_AndPrCurve_InPercent()
    {
        IReadOnlyList<ModelVersionSummary> versions = [Version("csv/churn-20261207-1", Choice), Version("csv/churn-20261207-2", null)];

        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, versions));

        var card = cut.Find("[data-testid=model-version][data-version='csv/churn-20261207-1']");
        var threshold = card.QuerySelector("[data-testid=threshold]")!;
        threshold.GetAttribute("data-threshold").Should().Be("0.3000");
        threshold.QuerySelector("[data-testid=threshold-summary]")!.TextContent.Should()
            .Contain("false positive 1, false negative 10").And.Contain("precision 0.571").And.Contain("recall 1.000")
            .And.Contain("Total cost 3, against 40 flagging nobody and 6 flagging everyone");
        threshold.QuerySelector("[data-testid=threshold-curve] [data-testid=threshold-chart] svg").Should().NotBeNull();
        threshold.QuerySelector("[data-testid=threshold-curve]")!.HasAttribute("open").Should().BeFalse("a challenger's curve is one click away, as its other details");
        var chart = cut.FindComponents<MudBlazor.MudChart<double>>().Single(c => c.Instance.ChartType == MudBlazor.ChartType.ScatterPlot).Instance;
        var point = chart.ChartSeries[1].Data.Points.Single();
        (point.X, point.Y).Should().Be((100.0, 57.1));
        chart.ChartSeries[0].Data.Points.Select(p => p.X).Should().BeInAscendingOrder().And.Contain(100.0);
    }

    [Fact]
    public void VersionWithoutAThreshold_ShowsNone()
    {
        IReadOnlyList<ModelVersionSummary> versions = [Version("csv/churn-20261207-2", null)];

        var cut = Render<ModelVersionsView>(p => p.Add(c => c.Versions, versions));

        cut.FindAll("[data-testid=model-version]").Should().ContainSingle();
        cut.FindAll("[data-testid=threshold]").Should().BeEmpty();
        cut.FindComponents<MudBlazor.MudChart<double>>().Should().BeEmpty();
    }

    private static ModelVersionSummary Version(string version, ThresholdChoice? threshold) => new(
        version, "csv/churn", new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), false,
        new Dictionary<string, double> { ["roc_auc"] = 0.85, ["pr_auc"] = 0.66, ["brier"] = 0.13 },
        ["tenure"], new TrainingWindow(new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 7)),
        "abc123", 7043, $"# csv/churn model {version}", threshold);
}
