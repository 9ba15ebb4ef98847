using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

public sealed class ModelsPageTests : MudTestContext
{
    [Fact]
    public void Page_ShowsAnError_WhenTheRegistryCannotBeRead()
    {
        // A real store whose database is not there (nothing listens on port 1).
        using var store = DocumentStore.For("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2");
        Services.AddSingleton(new ModelRegistryService(new ModelRegistry(store), new DriftAnalyzer(store, TimeProvider.System)));

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=models-error]").TextContent.Should().Contain("could not be read"), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=model-version]").Should().BeEmpty();
    }
}
