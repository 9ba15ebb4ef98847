using ActionPlane.Engine.Governance;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ParityViewTests : MudTestContext
{
    private static readonly DateTimeOffset From = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private static ParityReport Report(params ParityGroup[] plans) =>
        new(From, From.AddDays(84), 0.8, 5, [new ParityDimension("plan", plans), new ParityDimension("region", []), new ParityDimension("arr_band", [])]);

    [Fact]
    public void ShowsProgress_WhileLoading() =>
        Render<ParityView>().FindAll("[data-testid=parity-loading]").Should().ContainSingle();

    [Fact]
    public void ShowsTheError_WhenTheLogCannotBeRead() =>
        Render<ParityView>(p => p.Add(v => v.Error, "The decision log cannot be read: timeout"))
            .Find("[data-testid=parity-error]").TextContent.Should().Contain("timeout");

    [Fact]
    public void SaysThereIsNothingToCompare_WhenNoActionWasApplied()
    {
        var cut = Render<ParityView>(p => p.Add(v => v.Report, Report(new ParityGroup("pro", 10, 30, 0, 0, 0, 0, 0))));

        cut.Find("[data-testid=parity-empty]").TextContent.Should().Contain("No action was applied");
    }

    [Fact]
    public void ShowsEachGroupWithItsRatios_AndFlagsTheDisparity()
    {
        var pro = new ParityGroup("pro", 10, 30, 8, 12, 20, 2, 3) { ExposureRatio = 1, BenefitRatio = 1 };
        var starter = new ParityGroup("starter", 10, 20, 2, 2, 3, 0, 0) { ExposureRatio = 0.25, BenefitRatio = 0.15, Flagged = true };

        var cut = Render<ParityView>(p => p.Add(v => v.Report, Report(pro, starter)));

        cut.FindAll("[data-testid=parity-dimension]").Select(d => d.GetAttribute("data-dimension")).Should().Equal("plan", "region", "arr_band");
        var rows = cut.FindAll("[data-testid=parity-group]");
        rows.Select(r => (r.GetAttribute("data-value"), r.GetAttribute("data-flagged"))).Should().Equal(("pro", "false"), ("starter", "true"));
        rows[1].TextContent.Should().Contain("0.25").And.Contain("disparity");
        cut.Find("[data-testid=parity-summary]").TextContent.Should().Contain("2026-09-01").And.Contain("four-fifths");
    }
}
