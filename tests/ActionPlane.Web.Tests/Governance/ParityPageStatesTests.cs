using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Metrics;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>/audit/parity with the real service over a real database in each state: silent, empty, refusing, seeded.</summary>
[Collection(AppCollection.Name)]
public sealed class ParityPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderOver(PageStores.Silent());

        cut.Find("[data-testid=parity-loading]");
        cut.Find("[data-testid=parity-refresh]");
    }

    [Fact]
    public void SaysNothingWasApplied_AndWhatToDo_OnAnEmptyLog()
    {
        var cut = RenderOver(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=parity-empty]").TextContent.Should().Contain("No action was applied").And.Contain("Pick an earlier from date"),
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void SaysTheReportCouldNotBeRead_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderOver(PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=parity-error]").TextContent.Should().Contain("The parity report could not be read"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=parity-error] [data-testid=retry]").TextContent.Should().Contain("Try again");
    }

    [Fact]
    public async Task ShowsEachDimension_AndExplainsTheFourFifthsRule_OverTheDemoLog()
    {
        await GovernanceArrange.ApplyAnyAllowedAsync(app.Services);

        var cut = RenderOver(app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=parity-dimension]").Select(d => d.GetAttribute("data-dimension")).Should().Equal("plan", "region", "arr_band"),
            TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=parity-group]").Should().NotBeEmpty();
        cut.FindAll("[data-testid=help-term]").Select(t => t.GetAttribute("data-term")).Should().Contain(["four-fifths rule", "Exposure ratio", "Benefit ratio"]);
    }

    private IRenderedComponent<ParityPage> RenderOver(IDocumentStore store)
    {
        Services.AddSingleton(new GovernanceReportsService(new ParityAnalyzer(store), new ActionMetricsQuery(store), TimeProvider.System));
        return Render<ParityPage>();
    }
}
