using AngleSharp.Dom;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>
/// The CSM console in its loading, empty, error and data states, rendered with the app's real
/// services over a real database: a server that has not answered yet, an empty schema, a server
/// that refuses connections, and the seeded demo tenant.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CsmPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void Csm_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = RenderCsm(PageStores.Silent());

        cut.FindAll(".mud-progress-linear").Should().NotBeEmpty();
        cut.FindAll("[data-testid=csm-error]").Should().BeEmpty();
    }

    [Fact]
    public void Csm_SaysToPickAnAccount_AndListsNone_WhenThereAreNoAccounts()
    {
        var cut = RenderCsm(PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-accounts]"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=portfolio-empty]").TextContent.Should().Contain("run the churn model");
        cut.FindAll("[data-testid=account-name]").Should().BeEmpty();
    }

    [Fact]
    public void Csm_SaysTheAccountsCouldNotBeLoaded_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderCsm(PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=csm-error]").TextContent.Should().Contain("Your accounts could not be loaded"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=csm-error]").TextContent.Should().Contain("database did not answer").And.Contain("Nothing was changed");
        cut.Find("[data-testid=retry]").TextContent.Should().Contain("Try again");
        cut.FindAll("[data-testid=accounts-table]").Should().BeEmpty("a table of zero rows would read as 'no accounts'");
        Markup(cut).Should().NotContain("An unhandled error has occurred");
    }

    [Fact]
    public void Csm_ListsTheScoredAccounts_WithTheChurnExplainedAndTheDriversInWords()
    {
        var cut = RenderCsm(app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=account-name]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=pick-account]");
        cut.Find("[data-testid=churn-help]").GetAttribute("aria-label").Should().Contain("cancels within the next 90 days").And.Contain("churn model churn-");
        cut.FindAll("[data-testid=account-drivers]").Should().OnlyContain(d => !string.IsNullOrWhiteSpace(d.TextContent) && !d.TextContent.Contains('_'));
    }

    [Fact]
    public void Csm_ScrollsToTheAccountPanel_WhenAnAccountIsPicked_AndToTheSuggestedActions_AfterSuggest()
    {
        // Under 1280 px both sit below the accounts table, out of view (the browser side is CsmLayoutJourneyTests).
        JSInterop.SetupVoid(CsmPage.ScrollIntoViewIfNeeded, _ => true).SetVoidResult();
        var cut = RenderCsm(app.Services.GetRequiredService<IDocumentStore>());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=account-name]").Count.Should().BeGreaterThan(1), TimeSpan.FromSeconds(20));

        cut.FindAll("[data-testid=account-name]")[1].Closest("tr")!.Click();
        cut.WaitForAssertion(() => JSInterop.VerifyInvoke(CsmPage.ScrollIntoViewIfNeeded, calledTimes: 1), TimeSpan.FromSeconds(20));
        var accountPanel = JSInterop.Invocations[CsmPage.ScrollIntoViewIfNeeded][0].Arguments[0].Should().BeOfType<ElementReference>().Subject;

        // The pick's own renders (busy, then done) must be over before the click, or it lands on a stale handler.
        IElement Suggest() => cut.FindAll("button").Single(b => b.TextContent.Contains("Suggest actions", StringComparison.Ordinal));
        cut.WaitForState(() => !Suggest().HasAttribute("disabled"), TimeSpan.FromSeconds(20));
        Suggest().Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=proposal]").Should().NotBeEmpty(), TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => JSInterop.VerifyInvoke(CsmPage.ScrollIntoViewIfNeeded, calledTimes: 2), TimeSpan.FromSeconds(5));
        var proposals = JSInterop.Invocations[CsmPage.ScrollIntoViewIfNeeded][1].Arguments[0].Should().BeOfType<ElementReference>().Subject;
        proposals.Id.Should().NotBe(accountPanel.Id, "first the account's panel, then its proposals");
    }

    private static string Markup(IRenderedComponent<CsmPage> cut) => cut.Markup;

    private IRenderedComponent<CsmPage> RenderCsm(IDocumentStore store)
    {
        SignedInAs.Register(Services, DemoUsers.Csm);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<CsmConsoleService>(app.Services, store));
        RenderDialogProvider();
        return Render<CsmPage>();
    }
}
