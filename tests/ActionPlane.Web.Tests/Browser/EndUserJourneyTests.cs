using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class EndUserJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task EndUser_SeesANudgeWithItsWhy_AndDismissesItAsNotRelevant()
    {
        var (_, message) = await DemoArrange.ApplyNudgeForDemoEndUserAsync(app.Services, "Set up an automation for your weekly report in two minutes.");
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.SignInAsync(page, "enduser@demo.local");
        await page.WaitForURLAsync("**/nudges");
        var nudge = page.GetByTestId("nudge").Filter(new() { HasText = message });
        await Assertions.Expect(nudge).ToBeVisibleAsync();

        await nudge.GetByRole(AriaRole.Button, new() { Name = "Why am I seeing this?" }).ClickAsync();
        await Assertions.Expect(nudge.GetByTestId("nudge-why")).Not.ToBeEmptyAsync();
        await BrowserSession.ScreenshotAsync(page, "enduser-1-why");

        await nudge.GetByRole(AriaRole.Button, new() { Name = "Not relevant" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("nudge").Filter(new() { HasText = message })).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "enduser-2-dismissed");
        await page.Context.CloseAsync();
    }
}
