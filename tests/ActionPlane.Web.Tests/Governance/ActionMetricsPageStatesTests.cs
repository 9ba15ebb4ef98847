using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Metrics;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>/audit/metrics with the real service over a real database in each state: silent, empty, refusing, seeded.</summary>
[Collection(AppCollection.Name)]
public sealed class ActionMetricsPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderOver(PageStores.Silent());

        cut.Find("[data-testid=metrics-loading]");
        cut.Find("[data-testid=metrics-refresh]");
    }

    [Fact]
    public async Task SaysNothingWasProposed_AndWhatToDo_OnAnEmptyLog()
    {
        // The metrics are one SQL query over the decision table: an empty database has the table, no rows.
        await PageStores.Empty(app).Storage.Database.EnsureStorageExistsAsync(typeof(DecisionRecord));
        var cut = RenderOver(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=metrics-empty]").TextContent.Should().Contain("No action was proposed").And.Contain("Pick an earlier from date"),
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void SaysTheReportCouldNotBeRead_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderOver(PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=metrics-error]").TextContent.Should().Contain("The action metrics could not be read"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=metrics-error] [data-testid=retry]").TextContent.Should().Contain("Try again");
    }

    [Fact]
    public async Task ChartsTheAppliedActionType_WithExplainedRates_OverTheDemoLog()
    {
        var actionType = await GovernanceArrange.ApplyAnyAllowedAsync(app.Services);

        var cut = RenderOver(app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=metrics-row]").Select(r => r.GetAttribute("data-action-type")).Should().Contain(actionType),
            TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=metrics-acceptance]");
        cut.FindAll("[data-testid=help-term]").Select(t => t.GetAttribute("data-term")).Should().Contain(["Acceptance", "Reversal rate", "Cost per successful action"]);
    }

    private IRenderedComponent<ActionMetricsPage> RenderOver(IDocumentStore store)
    {
        Services.AddSingleton(new GovernanceReportsService(new ParityAnalyzer(store), new ActionMetricsQuery(store), TimeProvider.System));
        return Render<ActionMetricsPage>();
    }
}
