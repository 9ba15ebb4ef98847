using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class CsmJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Csm_SignsIn_AndLandsOnTheCsmConsole()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        page.Url.Should().Contain("/login", "a signed-out visitor is sent to sign in");
        await BrowserSession.SignInAsync(page, "csm@demo.local");

        await page.WaitForURLAsync("**/csm");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CSM console" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Casey CSM");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "csm-console");
        await page.Context.CloseAsync();
    }
}
