using ActionPlane.Engine.Metrics;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ActionMetricsViewTests : MudTestContext
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ShowsProgress_WhileLoading() =>
        Render<ActionMetricsView>().FindAll("[data-testid=metrics-loading]").Should().ContainSingle();

    [Fact]
    public void ShowsTheError_WhenTheLogCannotBeRead() =>
        Render<ActionMetricsView>(p => p.Add(v => v.Error, "The decision log cannot be read: timeout"))
            .Find("[data-testid=metrics-error]").TextContent.Should().Contain("timeout");

    [Fact]
    public void SaysNothingWasProposed_WhenEmpty() =>
        Render<ActionMetricsView>(p => p.Add(v => v.Rows, []))
            .Find("[data-testid=metrics-empty]").TextContent.Should().Contain("No action was proposed");

    [Fact]
    public void DrawsTheThreeChartsAndARowPerActionTypeAndWeek()
    {
        ActionMetrics[] rows =
        [
            new() { ActionType = "pin_shortcut", Week = "2026-W47", From = Monday, To = Monday.AddDays(7), Proposed = 4, Allowed = 4, Applied = 2, Undone = 1, Cost = 10, SuccessfulOutcomes = 1 },
            new() { ActionType = "offer_discount", Week = "2026-W48", From = Monday.AddDays(7), To = Monday.AddDays(14), Proposed = 1, Allowed = 1 },
        ];

        var cut = Render<ActionMetricsView>(p => p.Add(v => v.Rows, rows));

        cut.FindAll("[data-testid=metrics-acceptance]").Should().ContainSingle();
        cut.FindAll("[data-testid=metrics-reversal]").Should().ContainSingle();
        cut.FindAll("[data-testid=metrics-cost]").Should().ContainSingle();
        cut.FindAll("[data-testid=metrics-row]").Select(r => (r.GetAttribute("data-action-type"), r.GetAttribute("data-week")))
            .Should().Equal(("pin_shortcut", "2026-W47"), ("offer_discount", "2026-W48"));
        cut.Find("[data-testid=metrics-table]").TextContent.Should().Contain(0.5.ToString("P0")).And.Contain(10m.ToString("N2"));
    }
}
