using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class ApproverJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Approver_ApprovesAConsequentialAction_ThatTheCsmCanThenApply()
    {
        // Arrange: the CSM asks for approval of a discount (consequential: maker-checker).
        var accountId = await DemoArrange.DemoEndUserAccountAsync(app.Services);
        var batch = await app.Services.GetRequiredService<NextBestActionEngine>().ProposeAsync(accountId, DemoArrange.Csm);
        var discount = batch.Proposals.Single(p => p.ActionType == "offer_discount");
        discount.RequiresApproval.Should().BeTrue();
        await app.Services.GetRequiredService<ActionApprover>().RequestApprovalAsync(discount.ProposalId, DemoArrange.Csm);
        var applier = app.Services.GetRequiredService<ActionApplier>();
        var early = () => applier.ApplyAsync(discount.ProposalId, Guid.NewGuid().ToString("N"), DemoArrange.Csm);
        await early.Should().ThrowAsync<LifecycleException>("nobody has approved it yet");

        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();
        await BrowserSession.RunAsync(page, "approver", async () =>
        {
            await BrowserSession.SignInAsync(page, "approver@demo.local");
            await page.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
            var card = page.Locator($"[data-testid=approval][data-proposal-id='{discount.ProposalId}']");
            await Assertions.Expect(card).ToBeVisibleAsync();
            await Assertions.Expect(card.GetByTestId("approval-scores")).ToContainTextAsync("$");
            await BrowserSession.ScreenshotAsync(page, "approver-queue");
            await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Assertions.Expect(card).ToHaveCountAsync(0);
        });
        await page.Context.CloseAsync();

        var receipt = await applier.ApplyAsync(discount.ProposalId, Guid.NewGuid().ToString("N"), DemoArrange.Csm);
        receipt.Status.Should().Be(ActionStatus.Applied);
    }
}
