using ActionPlane.Engine.Models;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Accounts;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>The account 360 in its loading, empty (no such account), error and data states, over a real database.</summary>
[Collection(AppCollection.Name)]
public sealed class Account360PageStatesTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public void Account360_ShowsLoading_WhileTheDatabaseHasNotAnswered()
    {
        var cut = Render360(PageStores.Silent(), "acc-0001");

        cut.Find("[data-testid=account360-loading]");
    }

    [Fact]
    public void Account360_NamesAMissingAccount_AndWhereToPickOne()
    {
        var cut = Render360(app.Services.GetRequiredService<IDocumentStore>(), "no-such-account");

        cut.WaitForAssertion(() => cut.Find("[data-testid=account360-error]").TextContent.Should()
            .Contain("'no-such-account' does not exist").And.Contain("CSM console"), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=retry]").Should().BeEmpty("trying again cannot make a missing account appear");
    }

    [Fact]
    public void Account360_SaysTheAccountCouldNotBeLoaded_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = Render360(PageStores.Unreachable(), "acc-0001");

        cut.WaitForAssertion(() => cut.Find("[data-testid=account360-load-error]").TextContent.Should()
            .Contain("Account acc-0001 could not be loaded").And.Contain("database did not answer"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=retry]");
        cut.FindAll("[data-testid=account360-loading]").Should().BeEmpty();
    }

    [Fact]
    public async Task Account360_ShowsTheAccount_WithItsChurnRiskExplained()
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var score = (await session.Query<AccountScore>().Take(1).ToListAsync()).Single();

        var cut = Render360(store, score.Id);

        cut.WaitForAssertion(() => cut.Find("[data-testid=account360-name]"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=account360-churn]").TextContent.Should().Contain("Churn risk");
        cut.Find("[data-testid=churn-help]").GetAttribute("aria-label").Should().Contain("90 days").And.Contain(score.ModelVersion);
    }

    [Fact]
    public async Task Account360_OfAFormerCustomer_SaysWhenItChurned_NamesTheRuleRefusingNewActions_AndStillUndoesAnAppliedAction()
    {
        using var csm = await app.CsmAsync();
        var (account, proposal) = await app.FindApplicableAsync(csm);
        var accountId = account.GetProperty("id").GetString()!;
        var id = proposal.GetProperty("id").GetString()!;
        var applied = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));
        applied.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));
        await using var churned = await app.ChurnUntilDisposedAsync(accountId, day);

        var cut = Render360(app.Services.GetRequiredService<IDocumentStore>(), accountId);

        cut.WaitForAssertion(() => cut.Find("[data-testid=account360-former-customer]"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=account360-former-customer]").TextContent.Should().Contain($"churned on {day:yyyy-MM-dd}");
        cut.Find("[data-testid=account360-new-actions]").TextContent.Should().Contain("The policy refuses new actions");
        cut.Find("[data-testid=account360-former-customer] [data-testid=deny-reasons]").TextContent.Should()
            .Contain("eligibility.churned").And.Contain($"Account {accountId} churned on {day:yyyy-MM-dd}: former customers get no actions.");
        cut.Find("[data-testid=account360-undo-note]").TextContent.Should().Contain("Undo of actions already applied stays available");
        cut.Find($"[data-testid=account360-past][data-proposal-id='{id}'] [data-testid=account360-undo]").Click();
        cut.WaitForAssertion(() => cut.FindAll($"[data-testid=account360-past][data-proposal-id='{id}'] [data-testid=account360-undo]").Should().BeEmpty(),
            TimeSpan.FromSeconds(20));
        (await csm.RecordAsync(id)).GetProperty("status").GetString().Should().Be("rolled_back", "the policy allows undo on a former customer");
    }

    [Fact]
    public async Task Account360_OfACustomer_ShowsNoFormerCustomerNotice()
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var customer = (await session.Query<ActionPlane.Engine.Domain.Account>().Where(a => a.ChurnedOn == null).Take(1).ToListAsync()).Single();

        var cut = Render360(store, customer.Id);

        cut.WaitForAssertion(() => cut.Find("[data-testid=account360-name]"), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=account360-former-customer]").Should().BeEmpty();
    }

    private IRenderedComponent<Account360Page> Render360(IDocumentStore store, string accountId)
    {
        SignedInAs.Register(Services, DemoUsers.Csm);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<Account360Service>(app.Services, store));
        return Render<Account360Page>(p => p.Add(x => x.Id, accountId));
    }
}
