using System.Net;
using ActionPlane.Engine.Domain;
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
        var (user, message) = await ApplyNudgeAsync();

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

    /// <summary>A CSM applies an in-app nudge (through the API) for a user of an account no other test uses.</summary>
    private async Task<(EndUser User, string Message)> ApplyNudgeAsync()
    {
        using var csm = await app.CsmAsync();
        var message = "Try the report builder " + Guid.NewGuid().ToString("N")[..8];
        await foreach (var account in app.ClaimAccountsAsync(csm))
        {
            var accountId = account.GetProperty("id").GetString()!;
            foreach (var user in (await app.ReachableUsersAsync(accountId, "adoption")).Take(2))
            {
                if (await csm.ProposeAllowedAsync(accountId, "schedule_nudge", ApiTestKit.NudgePayload(user.Id, message)) is not { } proposal)
                    continue;
                var applied = await csm.ApplyAsync(proposal.GetProperty("id").GetString()!, Guid.NewGuid().ToString("N"));
                applied.StatusCode.Should().Be(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
                return (user, message);
            }
        }
        throw new InvalidOperationException("No unclaimed account allows an in-app nudge.");
    }
}
