using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>/audit/models with the real registry over a real database in each state: silent, empty, refusing, trained.</summary>
[Collection(AppCollection.Name)]
public sealed class ModelsPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderOver(PageStores.Silent());

        cut.Find("[data-testid=models-loading]");
    }

    [Fact]
    public void SaysNoModelIsTrainedYet_AndHowOneIs_OnAnEmptyRegistry()
    {
        var cut = RenderOver(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=models-empty]").TextContent.Should().Contain("No model has been trained yet").And.Contain("reload this page"),
            TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=model-drift]").Should().BeEmpty("there is no version to measure");
    }

    [Fact]
    public void SaysTheRegistryCouldNotBeRead_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderOver(PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=models-error]").TextContent.Should().Contain("The model registry could not be read"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=models-error] [data-testid=retry]").TextContent.Should().Contain("Try again");
    }

    [Fact]
    public void ShowsTheDemoChampion_AndItsDriftWithPsiAndEceExplained()
    {
        var cut = RenderOver(app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.Find("[data-testid=champion]"), TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => cut.Find("[data-testid=drift-summary]"), TimeSpan.FromSeconds(30));
        cut.FindAll("[data-testid=drift-feature]").Should().NotBeEmpty();
        cut.FindAll("[data-testid=help-term]").Select(t => t.GetAttribute("data-term")).Should().Contain(["PSI", "ECE"]);
    }

    private IRenderedComponent<ModelsPage> RenderOver(IDocumentStore store)
    {
        Services.AddSingleton(new ModelRegistryService(new ModelRegistry(store), new DriftAnalyzer(store, TimeProvider.System), store));
        Services.AddSingleton(new ActionPlane.Engine.Training.ScheduledRetrainOptions());
        return Render<ModelsPage>();
    }
}
