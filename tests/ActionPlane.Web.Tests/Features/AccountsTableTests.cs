using ActionPlane.Engine.Models;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class AccountsTableTests : MudTestContext
{
    [Fact]
    public void Loading_ShowsTheLoadingText()
    {
        var cut = Render<AccountsTable>(p => p.Add(c => c.Loading, true));

        cut.Markup.Should().Contain("Loading accounts");
    }

    [Fact]
    public void Empty_SaysNoAccountsInTheChosenTier()
    {
        var cut = Render<AccountsTable>(p => p.Add(c => c.Rows, []).Add(c => c.Tier, RiskTier.High));

        cut.Find("[data-testid=no-accounts]").TextContent.Should().Contain("High tier");
    }

    [Fact]
    public void Rows_ShowTierChurnAndDriversInWords()
    {
        var cut = Render<AccountsTable>(p => p.Add(c => c.Rows, [Samples.Account("a1", RiskTier.High, 0.62), Samples.Account("a2", RiskTier.Low, 0.05)]));

        cut.FindAll("[data-testid=account-name]").Should().HaveCount(2);
        cut.FindAll("[data-testid=risk-chip]").Select(c => c.TextContent.Trim()).Should().Equal("High", "Low");
        cut.Markup.Should().Contain("62").And.Contain("$1,200");
    }

    [Fact]
    public void TierButton_AsksForThatTier_AndClickingARowSelectsIt()
    {
        RiskTier? asked = RiskTier.Low;
        AccountRow? selected = null;
        var row = Samples.Account("a1", RiskTier.High, 0.62);
        var cut = Render<AccountsTable>(p => p.Add(c => c.Rows, [row])
            .Add(c => c.TierChanged, (RiskTier? t) => asked = t)
            .Add(c => c.OnSelect, (AccountRow r) => selected = r));

        cut.FindAll("[data-testid=tier-filter] button").Single(b => b.TextContent.Trim() == "All").Click();
        cut.Find("[data-testid=account-name]").Click();

        asked.Should().BeNull();
        selected.Should().Be(row);
    }
}
