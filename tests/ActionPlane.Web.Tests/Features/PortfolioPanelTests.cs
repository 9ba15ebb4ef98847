using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class PortfolioPanelTests : MudTestContext
{
    [Fact]
    public void Loading_ShowsProgress()
    {
        var cut = Render<PortfolioPanel>();

        cut.FindAll("[data-testid=portfolio-loading]").Should().ContainSingle();
    }

    [Fact]
    public void Empty_SaysThereAreNoScoredAccounts()
    {
        var cut = Render<PortfolioPanel>(p => p.Add(c => c.Summary, PortfolioSummary.From([])));

        cut.Find("[data-testid=portfolio-empty]").TextContent.Should().Contain("No scored accounts");
    }

    [Fact]
    public void Data_ShowsAccountsAndArrPerTier_WithAChart()
    {
        var summary = PortfolioSummary.From([
            Samples.Account("a", RiskTier.High, 0.8),
            Samples.Account("b", RiskTier.High, 0.7),
            Samples.Account("c", RiskTier.Low, 0.1),
        ]);

        var cut = Render<PortfolioPanel>(p => p.Add(c => c.Summary, summary));

        cut.Find("[data-tier=High]").TextContent.Should().Contain("2 accounts").And.Contain("$28,800");
        cut.Find("[data-tier=Medium]").TextContent.Should().Contain("0 accounts");
        cut.Find("[data-tier=Low]").TextContent.Should().Contain("1 accounts").And.Contain("$14,400");
        cut.FindAll("svg").Should().NotBeEmpty();
        cut.Find("[data-testid=portfolio-drivers]").TextContent.Should().Contain(SignalDescriber.Name("usage_trend"))
            .And.NotContain(SignalDescriber.Name("seat_utilisation"), "only the strongest driver of each account counts");
    }

    [Fact]
    public void Summary_CountsEveryTier_AndTotalsArrFromMrr()
    {
        var summary = PortfolioSummary.From([Samples.Account("a", RiskTier.Medium, 0.4), Samples.Account("b", RiskTier.Medium, 0.5)]);

        summary.Tiers.Select(t => t.Tier).Should().Equal(RiskTier.High, RiskTier.Medium, RiskTier.Low);
        summary.Accounts.Should().Be(2);
        summary.Arr.Should().Be(2 * 1200m * 12);
        summary.TopDrivers.Should().BeEmpty("no account is high risk");
    }
}
