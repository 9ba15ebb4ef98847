using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class EmbedJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task HostPage_WithEmbedScript_ShowsTheEndUsersNudgePanel_WithoutAppChrome()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();
        await BrowserSession.RunAsync(page, "embed", async () =>
        {
            await BrowserSession.SignInAsync(page, "enduser@demo.local");
            await page.WaitForURLAsync("**/nudges");
            // A stand-in host page on the same site, which includes the snippet as a customer would.
            var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
            await page.RouteAsync(origin + "/host-app.html", route => route.FulfillAsync(new()
            {
                ContentType = "text/html",
                Body = $"<html><body><h1>Host app</h1><div id=\"actionplane-nudges\"></div><script src=\"{origin}/embed.js\"></script></body></html>",
            }));
            await page.GotoAsync(origin + "/host-app.html");

            var frame = page.FrameLocator("iframe[data-actionplane=nudges]");
            await Assertions.Expect(frame.GetByTestId("embed-layout")).ToBeVisibleAsync();
            await Assertions.Expect(frame.GetByText("Your tips")).ToBeVisibleAsync();
            // Loaded: either the user's nudges or the empty message, not the progress bar.
            await Assertions.Expect(frame.Locator("[data-testid=nudge], [data-testid=no-nudges]").First).ToBeVisibleAsync();
            await Assertions.Expect(frame.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
            await BrowserSession.ScreenshotAsync(page, "embed-1-host");
        });
        await page.Context.CloseAsync();
    }
}
