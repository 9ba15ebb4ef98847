using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Embed;
using ActionPlane.Web.Features.Nudges;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>
/// The embeddable tips panel (what a host app frames) in its loading, empty, error and data
/// states: the same states as the full page, with links to the full app leaving the frame.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EmbedNudgesPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void Embed_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderEmbed(PageStores.Silent());

        cut.Find("[data-testid=nudges-loading]");
    }

    [Fact]
    public void Embed_PointsToPreferences_InANewTab_WhenTheInboxIsEmpty()
    {
        var cut = RenderEmbed(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-nudges]"), TimeSpan.FromSeconds(20));
        // The full app refuses to be framed (X-Frame-Options: DENY), so it must not open inside the host's frame.
        cut.Find("[data-testid=no-nudges-preferences]").GetAttribute("target").Should().Be("_blank");
    }

    [Fact]
    public void Embed_SaysTheTipsCouldNotBeLoaded_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderEmbed(PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=nudges-error]").TextContent.Should().Contain("could not be loaded"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=retry]");
    }

    [Fact]
    public void Embed_ShowsTheDemoUsersPanel_OverTheSeededTenant()
    {
        var cut = RenderEmbed(app.Services.GetRequiredService<IDocumentStore>());

        // The demo end user's inbox depends on what other tests sent; either way it has loaded, without error.
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=nudge], [data-testid=no-nudges]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=nudges-error], [data-testid=nudges-loading]").Should().BeEmpty();
    }

    private IRenderedComponent<EmbedNudgesPage> RenderEmbed(IDocumentStore store)
    {
        SignedInAs.Register(Services, DemoUsers.EndUser);
        Services.AddSingleton(new NudgesService(ActivatorUtilities.CreateInstance<NudgeService>(app.Services, store)));
        return Render<EmbedNudgesPage>();
    }
}
