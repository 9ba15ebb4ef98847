using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class SparklineTests : MudTestContext
{
    [Fact]
    public void Sparkline_DrawsOnePointPerDay_FallingLineEndsLower()
    {
        var cut = Render<Sparkline>(p => p.Add(c => c.Values, [10, 8, 5, 2]));

        var points = cut.Find("polyline").GetAttribute("points")!.Split(' ')
            .Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        points.Should().HaveCount(4);
        points[^1].Should().BeGreaterThan(points[0], "SVG y grows downwards, so a falling trend ends lower on screen");
        cut.Find("svg").GetAttribute("aria-label").Should().Contain("10 to 2");
    }

    [Fact]
    public void Sparkline_SaysNoData_WithFewerThanTwoDays()
    {
        var cut = Render<Sparkline>(p => p.Add(c => c.Values, [3]));

        cut.FindAll("[data-testid=sparkline-none]").Should().ContainSingle();
    }
}
