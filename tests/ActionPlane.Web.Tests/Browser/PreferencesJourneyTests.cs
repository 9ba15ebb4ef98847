using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class PreferencesJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task EndUser_OpensPreferences_MutesACategory_AndSeesItSaved()
    {
        var browser = await app.BrowserAsync();
        var preferences = app.Services.GetRequiredService<PreferenceService>();
        var before = await preferences.GetAsync(DemoUsers.EndUser.Id);
        var page = await browser.NewPageAsync();
        try
        {
            await BrowserSession.RunAsync(page, "preferences", async () =>
            {
                await BrowserSession.SignInAsync(page, "enduser@demo.local");
                await page.WaitForURLAsync("**/nudges");
                await page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Link, new() { Name = "Preferences" }).ClickAsync();
                await page.WaitForURLAsync("**/preferences");

                await page.Locator("[data-category=support] input").UncheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();

                await Assertions.Expect(page.GetByTestId("preferences-saved")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("[data-category=support] input")).Not.ToBeCheckedAsync();
                await Assertions.Expect(page.GetByTestId("preferences-error")).ToHaveCountAsync(0);
                await BrowserSession.ScreenshotAsync(page, "preferences-1-saved");
            });
            (await preferences.GetAsync(DemoUsers.EndUser.Id)).MutedCategories.Should().Contain("support");
        }
        finally
        {
            // Other journeys share the demo end user: put their preferences back.
            await preferences.SaveAsync(before);
            await page.Context.CloseAsync();
        }
    }
}
