using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Data.DemoHistory;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Hosting;

/// <summary>
/// The first start answers at once: held by the test after the first of two replayed history weeks, the app shows the
/// preparing page with its progress, refuses API calls with 503 + Retry-After, starts none of its schedulers, and once
/// released lands the waiting browser on the sign-in page and serves everything.
/// </summary>
[Collection(PreparingAppCollection.Name)]
public sealed class DemoPreparationTests(PreparingAppFixture app)
{
    private static readonly string[] s_schedulerStartLines =
        ["Weekly decision run: every", "Autopilot: applying", "Scheduled uplift retraining: looking every"];

    [Fact]
    public async Task FirstStart_ShowsProgressAndAnswers503_UntilTheDemoIsReady_ThenServesTheApp()
    {
        await app.Held.Reached.WaitAsync(TimeSpan.FromMinutes(5));
        using var client = app.CreateClient();
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        // Mid-preparation: the status says how far, and nothing about the tenant.
        var status = await client.GetFromJsonAsync<JsonElement>("/api/demo/status");
        status.GetProperty("state").GetString().Should().Be("preparing");
        status.GetProperty("phase").GetString().Should().Be("replaying");
        status.GetProperty("week").GetInt32().Should().Be(1);
        status.GetProperty("weeks").GetInt32().Should().Be(PreparingAppFixture.Weeks);
        status.GetProperty("percent").GetInt32().Should().BeInRange(13, 96);
        status.GetProperty("secondsLeft").GetDouble().Should().BePositive();
        status.GetProperty("elapsedSeconds").GetDouble().Should().BePositive();
        status.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "state", "phase", "description", "week", "weeks", "percent", "startedAt", "elapsedSeconds", "elapsed", "secondsLeft", "timeLeft", "error");

        var csmPage = await client.GetAsync("/csm");
        csmPage.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        csmPage.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await csmPage.Content.ReadAsStringAsync();
        html.Should().Contain("Preparing the demo").And.Contain($"week 1 of {PreparingAppFixture.Weeks}").And.Contain("/api/demo/status");

        foreach (var call in new[] { client.GetAsync("/api/accounts"), client.PostAsJsonAsync("/api/auth/token", new { email = "csm@demo.local", password = "demo" }) })
        {
            var response = await call;
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(5, 60);
            problem.GetProperty("title").GetString().Should().Be("The demo is being prepared");
            problem.GetProperty("detail").GetString().Should().Contain("week 1 of 2").And.Contain("/api/demo/status");
        }

        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK, "alive while preparing: a liveness probe must not restart it");
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        health.GetProperty("checks").GetProperty("demo").GetProperty("status").GetString().Should().Be("Degraded");
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/app.css")).StatusCode.Should().Be(HttpStatusCode.OK, "static assets need no tenant");

        // No scheduler has started: the only decision runs are the replay's, on its own clock.
        app.Logs.Lines.Should().NotContain(line => s_schedulerStartLines.Any(s => line.Contains(s, StringComparison.Ordinal)));
        var latest = await app.Services.GetRequiredService<DecisionRunner>().LatestAsync();
        latest!.Trigger.Should().Be(DemoHistoryReplay.Trigger);

        await BrowserSession.RunAsync(page, "demo-preparing", async () =>
        {
            await page.GotoAsync("/csm");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Preparing the demo" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#phase")).ToHaveTextAsync($"Replaying the simulated history: week 1 of {PreparingAppFixture.Weeks}");
            await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", status.GetProperty("percent").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("#times")).ToContainTextAsync("left");
            await BrowserSession.ScreenshotAsync(page, "demo-preparing");

            app.Held.Release();

            // The page polls, and opens the address asked for once ready: signed out, that is the sign-in page.
            await page.WaitForURLAsync("**/login**", new() { Timeout = 180_000 });
            await Assertions.Expect(page.Locator("input[name=email]")).ToBeVisibleAsync();
        });
        await page.Context.CloseAsync();

        status = await client.GetFromJsonAsync<JsonElement>("/api/demo/status");
        status.GetProperty("state").GetString().Should().Be("ready");
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/csm")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var csm = await app.CreateClientAsync("csm@demo.local");
        (await csm.GetAsync("/api/accounts")).StatusCode.Should().Be(HttpStatusCode.OK);
        // The schedulers start once the demo is ready (the decision run catches up its missed week at start).
        await WaitForAsync(() => s_schedulerStartLines.All(s => app.Logs.Lines.Any(line => line.Contains(s, StringComparison.Ordinal))));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
            await Task.Delay(100, timeout.Token);
    }
}
