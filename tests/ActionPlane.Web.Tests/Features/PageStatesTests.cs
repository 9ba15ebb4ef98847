using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Accounts;
using ActionPlane.Web.Features.Approvals;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Features.Embed;
using ActionPlane.Web.Features.Nudges;
using ActionPlane.Web.Features.Preferences;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>
/// Each page in its loading, empty, error and data states, rendered with the app's real services
/// over a real database: the seeded demo tenant (data), an empty schema (empty), and a server that
/// has not answered yet (loading).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void Csm_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderCsm(PageStores.Silent());

        cut.FindAll(".mud-progress-linear").Should().NotBeEmpty();
    }

    [Fact]
    public void Csm_SaysToPickAnAccount_AndListsNone_WhenThereAreNoAccounts()
    {
        var cut = RenderCsm(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-accounts]"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=pick-account]");
        cut.FindAll("[data-testid=account-name]").Should().BeEmpty();
    }

    [Fact]
    public void Csm_ListsTheScoredAccounts()
    {
        var cut = RenderCsm(app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=account-name]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Account360_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        Use(DemoUsers.Csm);
        Services.AddSingleton(new Account360Service(PageStores.Silent()));
        var loading = Render<Account360Page>(p => p.Add(x => x.Id, "acc-0001"));
        loading.Find("[data-testid=account360-loading]");
    }

    [Fact]
    public async Task Account360_ShowsTheAccount_AndNamesAMissingOne()
    {
        Use(DemoUsers.Csm);
        var store = app.Services.GetRequiredService<IDocumentStore>();
        Services.AddSingleton(new Account360Service(store));
        await using var session = store.QuerySession();
        var account = (await session.Query<AccountScore>().Take(1).ToListAsync()).Single().Id;

        var data = Render<Account360Page>(p => p.Add(x => x.Id, account));
        var missing = Render<Account360Page>(p => p.Add(x => x.Id, "no-such-account"));

        data.WaitForAssertion(() => data.Find("[data-testid=account360-name]"), TimeSpan.FromSeconds(20));
        data.Find("[data-testid=account360-churn]").TextContent.Should().Contain("Churn risk");
        missing.WaitForAssertion(() => missing.Find("[data-testid=account360-error]").TextContent.Should().Contain("'no-such-account' does not exist"));
    }

    [Fact]
    public void Approvals_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        Use(DemoUsers.Approver);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<ApprovalsService>(app.Services, PageStores.Silent()));
        var loading = Render<ApprovalsPage>();
        loading.FindAll(".mud-progress-linear").Should().NotBeEmpty();
    }

    [Fact]
    public void Approvals_SaysNothingIsWaiting_OnAnEmptyQueue()
    {
        Use(DemoUsers.Approver);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<ApprovalsService>(app.Services, PageStores.Empty(app)));

        var cut = Render<ApprovalsPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-approvals]").TextContent.Should().Contain("Nothing is waiting"));
    }

    [Fact]
    public void Approvals_SaysTheQueueCouldNotBeLoaded_WhenTheDatabaseRefuses()
    {
        Use(DemoUsers.Approver);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<ApprovalsService>(app.Services, PageStores.Unreachable()));

        var cut = Render<ApprovalsPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=approvals-error]").TextContent.Should().Contain("could not be loaded"), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Approvals_ShowsAnAdminTheQueue_WithoutApproveButtons()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.ProposeDiscountAsync(csm);
        (await csm.PostAsync($"/api/proposals/{proposal.GetProperty("id").GetString()}/request-approval", null)).EnsureSuccessStatusCode();
        Use(DemoUsers.Admin);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<ApprovalsService>(app.Services));

        var cut = Render<ApprovalsPage>();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=approval]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=approvals-read-only]").TextContent.Should().Contain("needs the approver role");
        cut.FindAll("button").Select(b => b.TextContent.Trim()).Should().NotContain(["Approve", "Reject"]);
    }

    [Fact]
    public void Nudges_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        Use(DemoUsers.EndUser);
        Services.AddSingleton(new NudgesService(ActivatorUtilities.CreateInstance<NudgeService>(app.Services, PageStores.Silent())));
        var loading = Render<NudgesPage>();
        loading.FindAll(".mud-progress-linear").Should().NotBeEmpty();
    }

    [Fact]
    public void Nudges_AndTheEmbeddedPanel_SayThereIsNothing_WhenTheInboxIsEmpty()
    {
        Use(DemoUsers.EndUser);
        Services.AddSingleton(new NudgesService(ActivatorUtilities.CreateInstance<NudgeService>(app.Services, PageStores.Empty(app))));

        var page = Render<NudgesPage>();
        var embed = Render<EmbedNudgesPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=no-nudges]"));
        embed.WaitForAssertion(() => embed.Find("[data-testid=no-nudges]"));
    }

    [Fact]
    public void Preferences_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        Use(DemoUsers.EndUser);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<PreferenceService>(app.Services, PageStores.Silent()));
        Services.AddSingleton(TimeProvider.System);

        var cut = Render<PreferencesPage>();

        cut.Find("[data-testid=preferences-loading]");
    }

    [Fact]
    public void Preferences_ShowsTheDemoUsersPreferences()
    {
        Use(DemoUsers.EndUser);
        Services.AddSingleton(app.Services.GetRequiredService<PreferenceService>());
        Services.AddSingleton(TimeProvider.System);

        var cut = Render<PreferencesPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=frequency]"), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=category]").Should().NotBeEmpty();
    }

    [Fact]
    public void Preferences_SaysWhatIsWrong_ForAUserTheTenantDoesNotKnow()
    {
        Use(new AppUser("no-such-user", "nobody@demo.local", "Nobody", [Roles.EndUser]));
        Services.AddSingleton(app.Services.GetRequiredService<PreferenceService>());
        Services.AddSingleton(TimeProvider.System);

        var cut = Render<PreferencesPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=preferences-error]").TextContent.Should().NotBeNullOrWhiteSpace(), TimeSpan.FromSeconds(20));
    }

    private IRenderedComponent<CsmPage> RenderCsm(IDocumentStore store)
    {
        Use(DemoUsers.Csm);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<CsmConsoleService>(app.Services, store));
        RenderDialogProvider();
        return Render<CsmPage>();
    }

    private void Use(AppUser user) => SignedInAs.Register(Services, user);
}
