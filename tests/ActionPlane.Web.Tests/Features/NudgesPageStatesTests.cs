using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Nudges;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>The end user's tips page in its loading, empty, error and data states, over a real database.</summary>
[Collection(AppCollection.Name)]
public sealed class NudgesPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void Nudges_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderNudges(DemoUsers.EndUser, PageStores.Silent());

        cut.Find("[data-testid=nudges-loading]");
    }

    [Fact]
    public void Nudges_SaysThereIsNothing_AndPointsToPreferences_WhenTheInboxIsEmpty()
    {
        var cut = RenderNudges(DemoUsers.EndUser, PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-nudges]").TextContent.Should().Contain("Nothing for you right now"), TimeSpan.FromSeconds(20));
        var link = cut.Find("[data-testid=no-nudges-preferences]");
        link.GetAttribute("href").Should().Be("/preferences");
        link.HasAttribute("target").Should().BeFalse("inside the app the preference center opens in place");
    }

    [Fact]
    public void Nudges_SaysTheTipsCouldNotBeLoaded_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderNudges(DemoUsers.EndUser, PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=nudges-error]").TextContent.Should()
            .Contain("Your tips could not be loaded").And.Contain("database did not answer"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=retry]");
        cut.FindAll("[data-testid=no-nudges]").Should().BeEmpty("an outage must not read as 'nothing for you'");
    }

    [Fact]
    public async Task Nudges_ShowsTheUsersNudge_WithItsWhy()
    {
        var message = "Try the report builder " + Guid.NewGuid().ToString("N")[..8];
        var (user, _) = await app.ApplyNudgeForUnclaimedUserAsync(message);

        var cut = RenderNudges(new AppUser(user.Id, user.Email, user.Name, [Roles.EndUser]), app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=nudge-message]").Select(m => m.TextContent).Should().Contain(message), TimeSpan.FromSeconds(20));
        cut.FindAll("button").Select(b => b.TextContent.Trim()).Should().Contain(["Why am I seeing this?", "Not relevant"]);
    }

    private IRenderedComponent<NudgesPage> RenderNudges(AppUser user, IDocumentStore store)
    {
        SignedInAs.Register(Services, user);
        Services.AddSingleton(new NudgesService(ActivatorUtilities.CreateInstance<NudgeService>(app.Services, store)));
        return Render<NudgesPage>();
    }
}
