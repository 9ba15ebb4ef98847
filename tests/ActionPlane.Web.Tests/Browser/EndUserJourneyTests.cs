using System.Text.Json.Nodes;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class EndUserJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task EndUser_SeesTheNudgeTheCsmSent_WithItsWhy_AndDismissesItAsNotRelevant()
    {
        var browser = await app.BrowserAsync();
        var accountName = await DemoArrange.DemoEndUserAccountNameAsync(app.Services);

        // The CSM sends the suggested onboarding checklist to the demo end user, as a new user of the
        // demo would (a checklist shows at once; a scheduled nudge waits for its send time).
        var csm = await browser.NewPageAsync();
        var payload = "";
        await BrowserSession.RunAsync(csm, "enduser-csm-step", async () =>
        {
            await BrowserSession.SignInAsync(csm, "csm@demo.local");
            await csm.WaitForURLAsync("**/csm");
            await csm.GetByTestId("account-name").Filter(new() { HasText = accountName }).ClickAsync();
            await csm.GetByRole(AriaRole.Button, new() { Name = "Suggest actions" }).ClickAsync();
            var nudge = csm.Locator("[data-testid=proposal][data-action-type=show_checklist]");
            await nudge.GetByTestId("proposal-target").Locator(".mud-select").First.ClickAsync();
            await csm.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "enduser@demo.local" }).ClickAsync();
            await Assertions.Expect(nudge.GetByTestId("proposal-target")).ToContainTextAsync("enduser@demo.local");
            await nudge.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await csm.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(nudge.GetByTestId("apply-receipt")).ToBeVisibleAsync();
            payload = await nudge.GetByTestId("proposal-payload").InnerTextAsync();
            await csm.Context.CloseAsync();
        });

        var page = await browser.NewPageAsync();
        await BrowserSession.RunAsync(page, "enduser", async () =>
        {
            await BrowserSession.SignInAsync(page, "enduser@demo.local");
            await page.WaitForURLAsync("**/nudges");
            // The checklist the CSM applied, by the title in its payload.
            var title = JsonNode.Parse(payload)!["title"]!.GetValue<string>();
            var card = page.GetByTestId("nudge").Filter(new() { HasText = title });
            await Assertions.Expect(card).ToHaveCountAsync(1);

            await card.GetByRole(AriaRole.Button, new() { Name = "Why am I seeing this?" }).ClickAsync();
            await Assertions.Expect(card.GetByTestId("nudge-why")).Not.ToBeEmptyAsync();
            await BrowserSession.ScreenshotAsync(page, "enduser-1-why");

            await card.GetByRole(AriaRole.Button, new() { Name = "Not relevant" }).ClickAsync();
            await Assertions.Expect(card).ToHaveCountAsync(0);
            await BrowserSession.ScreenshotAsync(page, "enduser-2-dismissed");
        });
        await page.Context.CloseAsync();
    }

}
