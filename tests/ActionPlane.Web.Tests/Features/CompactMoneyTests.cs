using ActionPlane.Web.Components;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class CompactMoneyTests : MudTestContext
{
    [Theory]
    [InlineData(0, "$0")]
    [InlineData(950, "$950")]
    [InlineData(12_000, "$12k")]
    [InlineData(12_345, "$12.3k")]
    [InlineData(999_999, "$1M")]
    [InlineData(1_234_567, "$1.2M")]
    [InlineData(2_790_180, "$2.8M")]
    [InlineData(-4_500, "-$4.5k")]
    public void Format_ShortensDollarsForAChartAxis(double amount, string expected)
    {
        CompactMoney.Format(amount).Should().Be(expected);
    }

    [Fact]
    public void ChurnRiskHelp_SaysTheHorizonTheModelAndTheTiers()
    {
        var cut = Render<ChurnRiskHelp>(p => p.Add(c => c.ModelVersion, "churn-20261124-1"));

        cut.Instance.Text.Should().Contain("next 90 days").And.Contain("churn model churn-20261124-1")
            .And.Contain("High risk is 40% or more").And.Contain("Low below 15%");
    }
}
