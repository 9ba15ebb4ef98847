using ActionPlane.Web.Auth;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download), headless, with the flags a
/// container without a sandbox or GPU needs. Each journey gets a fresh context (its own cookies).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseAddress;

    private BrowserSession(IPlaywright playwright, IBrowser browser, Uri baseAddress)
    {
        _playwright = playwright;
        _browser = browser;
        _baseAddress = baseAddress;
    }

    public static async Task<BrowserSession> LaunchAsync(Uri baseAddress)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.");
        // dotnet test runs the test projects side by side on two cores: wait for the app, not for luck.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return new BrowserSession(playwright, browser, baseAddress);
    }

    /// <summary>A new page in its own context, so journeys never share a sign-in; 1400×900 unless a layout test asks for another size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1400, int height = 900)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real form and waits for the landing page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = DemoUsers.Password)
    {
        await page.GotoAsync("/login");
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Wait for the navigation to commit, then for the signed-in shell, not for the "load"
        // event: on a busy machine Blazor's late resources can hold "load" back long after the
        // landing page is usable.
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    /// <summary>Saves a full-page screenshot under the test output's <c>screenshots/</c> folder.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }

    /// <summary>Runs a journey's steps; when one fails, saves what the browser showed as <c>FAILED-name.png</c>.</summary>
    public static async Task RunAsync(IPage page, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            await ScreenshotAsync(page, "FAILED-" + name);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
