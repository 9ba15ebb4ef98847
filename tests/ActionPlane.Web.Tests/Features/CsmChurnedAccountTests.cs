using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>
/// The CSM console on an account that churned while a proposal was open, with the app's real services and database:
/// the card shows the policy's refusal where the Apply button would have failed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CsmChurnedAccountTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public async Task ChurnedAccount_ShowsItsOpenProposals_WithTheChurnDenial_AndNoApply()
    {
        using var csm = await app.CsmAsync();
        var (account, proposal) = await app.FindApplicableAsync(csm);
        var accountId = account.GetProperty("id").GetString()!;
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));
        await using var churned = await app.ChurnUntilDisposedAsync(accountId, day);
        SignedInAs.Register(Services, DemoUsers.Csm);
        Services.AddSingleton(ActivatorUtilities.CreateInstance<CsmConsoleService>(app.Services, app.Services.GetRequiredService<IDocumentStore>()));
        RenderDialogProvider();
        var cut = Render<CsmPage>();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=account-name]").Should().NotBeEmpty(), TimeSpan.FromSeconds(20));

        cut.Find("[data-testid=churned-filter]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=account-name]").Should().Contain(n => n.TextContent.Contains(accountId + " ·", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=account-name]").First(n => n.TextContent.Contains(accountId + " ·", StringComparison.Ordinal)).Closest("tr")!.Click();

        cut.WaitForAssertion(() => cut.FindAll($"[data-testid=proposal]").Should().NotBeEmpty(), TimeSpan.FromSeconds(30));
        cut.Find("[data-testid=churned-account]").TextContent.Should().Contain($"churned on {day:yyyy-MM-dd}");
        var card = cut.FindAll("[data-testid=proposal]").Single(c => c.GetAttribute("data-action-type") == proposal.GetProperty("actionType").GetString());
        card.QuerySelector("[data-testid=deny-reasons]")!.TextContent.Should().Contain("eligibility.churned").And.Contain($"churned on {day:yyyy-MM-dd}: former customers get no actions");
        card.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Apply").HasAttribute("disabled").Should().BeTrue();
        cut.FindAll("button").Single(b => b.TextContent.Contains("Suggest actions", StringComparison.Ordinal)).HasAttribute("disabled").Should().BeTrue();
    }
}
