using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

/// <summary>The new-user pass's screenshots: each screen at a desktop (1400×900) and a small laptop (1024×768) size.</summary>
public static class GovernanceScreens
{
    public static async Task AtBothSizesAsync(IPage page, string name)
    {
        await BrowserSession.ScreenshotAsync(page, name);
        await page.SetViewportSizeAsync(1024, 768);
        await BrowserSession.ScreenshotAsync(page, name + "-1024");
        await page.SetViewportSizeAsync(1400, 900);
    }

    /// <summary>Only what a 1400×900 window shows first (with any open tooltip), for pages too long to read in a full-page shot.</summary>
    public static async Task FirstScreenAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }
}
