using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Admin;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>/admin/tokens with the real token service over a real database in each state: silent, empty, refusing, with a token.</summary>
[Collection(AppCollection.Name)]
public sealed class TokensPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderOver(PageStores.Silent());

        cut.Find("[data-testid=tokens-loading]");
        cut.Find("[data-testid=create-token]");
    }

    [Fact]
    public void SaysThereIsNoTokenYet_AndToCreateOne_OnAnEmptyDatabase()
    {
        var cut = RenderOver(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-tokens]").TextContent.Should().Contain("Create one above"), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void SaysTheTokensCouldNotBeRead_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderOver(PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=tokens-error]").TextContent.Should().Contain("The service tokens could not be read"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=tokens-error] [data-testid=retry]").TextContent.Should().Contain("Try again");
    }

    [Fact]
    public async Task ListsAnExistingToken_WithItsRolesAndStatus()
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var name = "states-" + Guid.NewGuid().ToString("N")[..8];
        await new ServiceTokenService(store, TimeProvider.System, NullLogger<ServiceTokenService>.Instance)
            .CreateAsync(name, [Roles.Reviewer], null, 30, DemoUsers.Admin.Id, CancellationToken.None);

        var cut = RenderOver(store);

        cut.WaitForAssertion(() => cut.Find("[data-testid=tokens]").TextContent.Should().Contain(name), TimeSpan.FromSeconds(20));
        var row = cut.FindAll("[data-testid=tokens] tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        row.TextContent.Should().Contain("reviewer").And.Contain("active");
    }

    private IRenderedComponent<TokensPage> RenderOver(IDocumentStore store)
    {
        SignedInAs.Register(Services, DemoUsers.Admin);
        Services.AddSingleton(new ServiceTokenService(store, TimeProvider.System, NullLogger<ServiceTokenService>.Instance));
        Services.AddSingleton(TimeProvider.System);
        RenderDialogProvider();
        return Render<TokensPage>();
    }
}
