using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

/// <summary>The app on a 1024×768 laptop screen, as a new CSM and a new end user meet it.</summary>
[Collection(AppCollection.Name)]
public sealed class LaptopScreenJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Csm_At1024px_SeesTheAccountPanel_AfterPickingAnAccount_AndTheFirstProposal_AfterSuggesting()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync(1024, 768);

        await BrowserSession.RunAsync(page, "csm-1024", async () =>
        {
            await BrowserSession.SignInAsync(page, "csm@demo.local");
            await page.WaitForURLAsync("**/csm");
            // Below 1280 px the account's panel sits under the accounts table. Not the demo end user's
            // account: the journeys that apply actions work that one.
            await page.GetByTestId("account-name").Nth(1).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Suggest actions" })).ToBeInViewportAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Suggest actions" }).ClickAsync();

            var first = page.GetByTestId("proposal").First;
            await Assertions.Expect(first).ToBeInViewportAsync();
            // Its title and why are on screen, not just the card's bottom edge.
            await Assertions.Expect(first.GetByTestId("proposal-why")).ToBeInViewportAsync();
            await BrowserSession.ScreenshotAsync(page, "csm-1024-proposals");
        });
        await page.Context.CloseAsync();
    }

    /// <summary>A CSM's or end user's one or two links keep their names; only a crowded bar (admin) falls back to icons.</summary>
    [Theory]
    [InlineData("csm@demo.local", "CSM console", true)]
    [InlineData("enduser@demo.local", "Tips", true)]
    [InlineData("admin@demo.local", "Service tokens", false)]
    public async Task AppBar_At1024px_NamesTheLinks_UnlessItIsCrowded(string email, string link, bool labelShown)
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync(1024, 768);

        await BrowserSession.RunAsync(page, "nav-1024-" + email, async () =>
        {
            await BrowserSession.SignInAsync(page, email);
            var label = page.Locator(".mud-appbar").GetByRole(AriaRole.Link, new() { Name = link }).Locator(".nav-label");
            if (labelShown)
                await Assertions.Expect(label).ToBeVisibleAsync();
            else
                await Assertions.Expect(label).ToBeHiddenAsync();
        });
        await page.Context.CloseAsync();
    }
}
