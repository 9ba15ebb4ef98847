using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class AdminJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Admin_CreatesAServiceToken_SeesItOnce_AndRevokesIt()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();
        var name = "journey-" + Guid.NewGuid().ToString("N")[..8];

        await BrowserSession.RunAsync(page, "admin", async () =>
        {
            await BrowserSession.SignInAsync(page, DemoUsers.Admin.Email);
            await page.GetByRole(AriaRole.Link, new() { Name = "Service tokens" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/tokens");

            var form = page.GetByTestId("create-token");
            await form.Locator("input").First.FillAsync(name);
            await form.Locator("label").Filter(new() { HasText = "reviewer" }).ClickAsync();
            await page.GetByTestId("create-token-button").ClickAsync();
            await Assertions.Expect(page.GetByTestId("token-secret")).ToContainTextAsync("apt_");
            var row = page.GetByTestId("tokens").Locator("tr").Filter(new() { HasText = name });
            await Assertions.Expect(row).ToContainTextAsync("active");
            await GovernanceScreens.AtBothSizesAsync(page, "admin-token-created");

            await row.GetByTestId("revoke-token").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("revoked");
        });
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The new-user pass: each persona lands, from the sign-in form, on a page whose heading and tab
    /// title say where they are, with navigation to everything their role opens — and nothing else.
    /// </summary>
    [Theory]
    [InlineData("csm@demo.local", "/csm", "CSM console")]
    [InlineData("approver@demo.local", "/approvals", "CSM console")]
    [InlineData("reviewer@demo.local", "/audit", "Audit")]
    [InlineData("enduser@demo.local", "/nudges", "Preferences")]
    [InlineData("admin@demo.local", "/audit", "Service tokens")]
    public async Task EachPersona_LandsOnTheirMainPage_WithATitleAndTheirNavigation(string email, string home, string navLink)
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "landing-" + email, async () =>
        {
            await BrowserSession.SignInAsync(page, email);
            await page.WaitForURLAsync("**" + home);
            await Assertions.Expect(page.GetByTestId("signed-in-roles")).Not.ToBeEmptyAsync();
            await Assertions.Expect(page.Locator("h1, .mud-typography-h4").First).ToBeVisibleAsync();
            await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("· ActionPlane$"));
            // In the app bar: a page may link to the same place in its own text (the empty tips page links Preferences).
            await Assertions.Expect(page.Locator(".mud-appbar").GetByRole(AriaRole.Link, new() { Name = navLink })).ToBeVisibleAsync();
            await BrowserSession.ScreenshotAsync(page, "landing-" + email.Split('@')[0]);
        });
        await page.Context.CloseAsync();
    }
}
