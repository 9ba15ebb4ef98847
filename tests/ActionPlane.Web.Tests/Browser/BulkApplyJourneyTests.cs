using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class BulkApplyJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Csm_BulkAppliesTwoProposals_AndSeesAResultForEach()
    {
        // An account no other test works on, so caps and cooldowns are untouched.
        using var api = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(api, a => a.GetProperty("riskTier").GetString() == "high").FirstAsync();
        var accountName = account.GetProperty("name").GetString()!;
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();
        await BrowserSession.RunAsync(page, "bulk-apply", async () =>
        {
            await BrowserSession.SignInAsync(page, "csm@demo.local");
            await page.WaitForURLAsync("**/csm");
            await page.GetByTestId("account-name").Filter(new() { HasText = accountName }).First.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Suggest actions" }).ClickAsync();

            var items = page.GetByTestId("bulk-item");
            await Assertions.Expect(items.First).ToBeVisibleAsync();
            var count = Math.Min(2, await items.CountAsync());
            for (var i = 0; i < count; i++)
                await items.Nth(i).Locator("input").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply selected" }).ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Apply all" }).ClickAsync();

            await Assertions.Expect(page.GetByTestId("bulk-result")).ToHaveCountAsync(count);
            await BrowserSession.ScreenshotAsync(page, "bulk-apply-1-results");
        });
        await page.Context.CloseAsync();
    }
}
