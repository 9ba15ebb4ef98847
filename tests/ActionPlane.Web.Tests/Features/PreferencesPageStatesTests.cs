using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Preferences;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>The preference center in its loading, empty (unknown user), error and data states, over a real database.</summary>
[Collection(AppCollection.Name)]
public sealed class PreferencesPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void Preferences_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderPreferences(DemoUsers.EndUser, PageStores.Silent());

        cut.Find("[data-testid=preferences-loading]");
    }

    [Fact]
    public void Preferences_SaysWhatIsWrong_ForAUserTheTenantDoesNotKnow()
    {
        var cut = RenderPreferences(new AppUser("no-such-user", "nobody@demo.local", "Nobody", [Roles.EndUser]), app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.Find("[data-testid=preferences-error]").TextContent.Should().NotBeNullOrWhiteSpace(), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=preferences-loading]").Should().BeEmpty();
    }

    [Fact]
    public void Preferences_SayTheyCouldNotBeLoaded_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderPreferences(DemoUsers.EndUser, PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=preferences-load-error]").TextContent.Should()
            .Contain("Your preferences could not be loaded").And.Contain("Nothing was changed"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=retry]");
        cut.FindAll("[data-testid=frequency]").Should().BeEmpty("a form of defaults would overwrite the saved choices on Save");
    }

    [Fact]
    public void Preferences_ShowsTheDemoUsersPreferences()
    {
        var cut = RenderPreferences(DemoUsers.EndUser, app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.Find("[data-testid=frequency]"), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=category]").Should().NotBeEmpty();
    }

    private IRenderedComponent<PreferencesPage> RenderPreferences(AppUser user, IDocumentStore store)
    {
        SignedInAs.Register(Services, user);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<PreferenceService>(app.Services, store));
        Services.AddSingleton(new ActionPlane.Web.Features.Nudges.NudgesService(ActivatorUtilities.CreateInstance<ActionPlane.Engine.Nudges.NudgeService>(app.Services, store)));
        Services.AddSingleton(TimeProvider.System);
        return Render<PreferencesPage>();
    }
}
