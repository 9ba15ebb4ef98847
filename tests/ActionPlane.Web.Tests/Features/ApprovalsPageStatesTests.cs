using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Approvals;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>The approvals inbox in its loading, empty, error and data states, over a real database.</summary>
[Collection(AppCollection.Name)]
public sealed class ApprovalsPageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void Approvals_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var loading = RenderApprovals(DemoUsers.Approver, PageStores.Silent());

        loading.FindAll(".mud-progress-linear").Should().NotBeEmpty();
    }

    [Fact]
    public void Approvals_SaysNothingIsWaiting_AndWhatWouldAppear_OnAnEmptyQueue()
    {
        var cut = RenderApprovals(DemoUsers.Approver, PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-approvals]").TextContent.Should().Contain("Nothing is waiting").And.Contain("appears here"));
    }

    [Fact]
    public void Approvals_SaysTheQueueCouldNotBeLoaded_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderApprovals(DemoUsers.Approver, PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=approvals-error]").TextContent.Should().Contain("could not be loaded"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=retry]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=approvals-error]"), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Approvals_ShowsAnAdminTheQueue_WithoutApproveButtons()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.ProposeDiscountAsync(csm);
        (await csm.PostAsync($"/api/proposals/{proposal.GetProperty("id").GetString()}/request-approval", null)).EnsureSuccessStatusCode();

        var cut = RenderApprovals(DemoUsers.Admin, app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=approval]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=approvals-read-only]").TextContent.Should().Contain("needs the approver role");
        cut.FindAll("button").Select(b => b.TextContent.Trim()).Should().NotContain(["Approve", "Reject"]);
    }

    // Regression: a discount the models expect to lose money reached the approver with the same plain card as a profitable one.
    [Fact]
    public async Task Approvals_WarnOnEachActionExpectedToLoseMoney_AndOnlyOnThose()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.ProposeDiscountAsync(csm);
        (await csm.PostAsync($"/api/proposals/{proposal.GetProperty("id").GetString()}/request-approval", null)).EnsureSuccessStatusCode();

        var cut = RenderApprovals(DemoUsers.Approver, app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=approval]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));
        foreach (var card in cut.FindAll("[data-testid=approval]"))
        {
            var negative = card.QuerySelector("[data-testid=approval-scores]")!.TextContent.Contains("Expected value -$", StringComparison.Ordinal);
            (card.QuerySelector("[data-testid=approval-value-warning]") is not null).Should().Be(negative, card.TextContent);
        }
    }

    // Regression: the card was headed "offer_discount for acc-0195"; an approver reads the action's title and the account's name.
    [Fact]
    public async Task Approvals_NameTheActionByItsTitle_AndTheAccountByItsName()
    {
        using var csm = await app.CsmAsync();
        var (account, proposal) = await app.ProposeDiscountAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        (await csm.PostAsync($"/api/proposals/{id}/request-approval", null)).EnsureSuccessStatusCode();

        var cut = RenderApprovals(DemoUsers.Approver, app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.Find($"[data-proposal-id='{id}']"), TimeSpan.FromSeconds(20));
        var title = cut.Find($"[data-proposal-id='{id}'] [data-testid=approval-title]").TextContent;
        title.Should().StartWith("Offer a discount").And.Contain($"for {account.GetProperty("name").GetString()} ({account.GetProperty("id").GetString()})");
    }

    // Regression: a proposal of an account that churned while it waited was offered Approve, which the server then refused.
    [Fact]
    public async Task Approvals_ShowTheChurnDenial_WithApproveDisabled_OnAFormerCustomersProposal_AndLeaveACustomersApprovable()
    {
        using var csm = await app.CsmAsync();
        var (formerCustomer, refused) = await app.ProposeDiscountAsync(csm);
        var (_, approvable) = await app.ProposeDiscountAsync(csm);
        var refusedId = refused.GetProperty("id").GetString()!;
        var approvableId = approvable.GetProperty("id").GetString()!;
        foreach (var id in new[] { refusedId, approvableId })
            (await csm.PostAsync($"/api/proposals/{id}/request-approval", null)).EnsureSuccessStatusCode();
        var accountId = formerCustomer.GetProperty("id").GetString()!;
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3));
        await using var churned = await app.ChurnUntilDisposedAsync(accountId, day);

        var cut = RenderApprovals(DemoUsers.Approver, app.Services.GetRequiredService<IDocumentStore>());

        cut.WaitForAssertion(() => cut.Find($"[data-proposal-id='{approvableId}']"), TimeSpan.FromSeconds(20));
        var card = cut.Find($"[data-proposal-id='{refusedId}']");
        card.QuerySelector("[data-testid=deny-reasons]")!.TextContent.Should()
            .Contain("eligibility.churned").And.Contain($"Account {accountId} churned on {day:yyyy-MM-dd}: former customers get no actions.");
        Approve(card).HasAttribute("disabled").Should().BeTrue();
        var other = cut.Find($"[data-proposal-id='{approvableId}']");
        other.QuerySelector("[data-testid=approval-verdict]")!.TextContent.Should().Contain("Allowed by policy");
        other.QuerySelector("[data-testid=deny-reasons]").Should().BeNull();
        Approve(other).HasAttribute("disabled").Should().BeFalse();
    }

    private static AngleSharp.Dom.IElement Approve(AngleSharp.Dom.IElement card) =>
        card.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Approve");

    private IRenderedComponent<ApprovalsPage> RenderApprovals(AppUser user, IDocumentStore store)
    {
        SignedInAs.Register(Services, user);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<ApprovalsService>(app.Services, store));
        return Render<ApprovalsPage>();
    }
}
