using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class Account360JourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Csm_OpensAccount360_FromTheConsole_AndSeesUsageAndScore()
    {
        var browser = await app.BrowserAsync();
        var accountName = await DemoArrange.DemoEndUserAccountNameAsync(app.Services);
        var page = await browser.NewPageAsync();
        await BrowserSession.RunAsync(page, "account360", async () =>
        {
            await BrowserSession.SignInAsync(page, "csm@demo.local");
            await page.WaitForURLAsync("**/csm");
            await Assertions.Expect(page.GetByTestId("portfolio")).ToBeVisibleAsync();
            await page.GetByTestId("account-name").Filter(new() { HasText = accountName }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Account 360" }).ClickAsync();
            await page.WaitForURLAsync("**/csm/accounts/**");

            await Assertions.Expect(page.GetByTestId("account360-name")).ToHaveTextAsync(accountName);
            await Assertions.Expect(page.GetByTestId("account360-churn")).ToContainTextAsync("Churn risk");
            await Assertions.Expect(page.Locator("[data-testid=account360-usage], [data-testid=account360-no-usage]").First).ToBeVisibleAsync();
            await BrowserSession.ScreenshotAsync(page, "account360-1");
        });
        await page.Context.CloseAsync();
    }
}
