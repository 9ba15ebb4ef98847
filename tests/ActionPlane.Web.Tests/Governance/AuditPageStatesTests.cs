using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Features.Audit;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>/audit with the real service over a real database in each state: silent, empty, refusing, seeded.</summary>
[Collection(AppCollection.Name)]
public sealed class AuditPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderOver(PageStores.Silent());

        cut.Find("[data-testid=audit-loading]");
        cut.FindAll("[data-testid=no-decisions]").Should().BeEmpty("an unanswered query is not an empty log");
    }

    [Fact]
    public void SaysNoDecisionIsRecordedYet_AndWhereOneComesFrom_OnAnEmptyLog()
    {
        var cut = RenderOver(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-decisions]").TextContent.Should().Contain("No decision is recorded yet").And.Contain("CSM console"),
            TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=clear-filters]").Should().BeEmpty("nothing is filtered");
    }

    [Fact]
    public void SaysTheLogCouldNotBeRead_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderOver(PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=audit-error]").TextContent.Should().Contain("The decision log could not be read"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=audit-error] [data-testid=retry]").TextContent.Should().Contain("Try again");
        cut.FindAll("[data-testid=decision-table]").Should().BeEmpty();
    }

    [Fact]
    public async Task OpensARecord_WithWhyThePolicyDecided_AndOffersToClearFiltersThatMatchNothing()
    {
        await GovernanceArrange.ApplyAnyAllowedAsync(app.Services);
        var cut = RenderOver(app.Services.GetRequiredService<IDocumentStore>());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=decision-action-type]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=pick-decision]");

        await cut.InvokeAsync(() => cut.Find("[data-testid=decision-action-type]").ParentElement!.Click());

        cut.WaitForAssertion(() => cut.Find("[data-testid=trail-verdict-why]").TextContent.Should().StartWith("Policy revision "), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=policy-verdict]");

        await cut.InvokeAsync(() => cut.Find("[data-testid=audit-filters] input").Change("no-such-account"));
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Search").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-decisions]").TextContent.Should().Contain("No decision matches these filters"), TimeSpan.FromSeconds(20));

        await cut.InvokeAsync(() => cut.Find("[data-testid=clear-filters]").Click());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=decision-action-type]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
    }

    private IRenderedComponent<AuditPage> RenderOver(IDocumentStore store)
    {
        Services.AddSingleton(ActivatorUtilities.CreateInstance<AuditService>(app.Services, new DecisionLog(store)));
        return Render<AuditPage>();
    }
}
