using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

/// <summary>The admin (who also audits) reading the parity and metrics reports a new user would: axes labelled, terms explained on hover.</summary>
[Collection(AppCollection.Name)]
public sealed class AdminReportsJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Admin_ReadsParityAndActionMetrics_WithTheFourFifthsRuleExplained()
    {
        await GovernanceArrange.ApplyAnyAllowedAsync(app.Services);
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "admin-reports", async () =>
        {
            await BrowserSession.SignInAsync(page, DemoUsers.Admin.Email);
            await page.GetByRole(AriaRole.Link, new() { Name = "Parity" }).ClickAsync();
            await page.WaitForURLAsync("**/audit/parity");

            await Assertions.Expect(page.GetByTestId("parity-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("[data-testid=parity-dimension] svg").First).ToContainTextAsync("per 100 accounts in the group");
            await page.Locator("[data-testid=help-term][data-term='four-fifths rule']").HoverAsync();
            await Assertions.Expect(page.Locator(".mud-tooltip").Filter(new() { HasText = "four fifths (80%)" })).ToBeVisibleAsync();
            await GovernanceScreens.AtBothSizesAsync(page, "newuser-admin-parity");

            await page.GetByRole(AriaRole.Link, new() { Name = "Metrics" }).ClickAsync();
            await page.WaitForURLAsync("**/audit/metrics");
            await Assertions.Expect(page.GetByTestId("metrics-acceptance")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("metrics-acceptance").Locator("svg")).ToContainTextAsync("ISO week proposed");
            await GovernanceScreens.AtBothSizesAsync(page, "newuser-admin-metrics");
        });
        await page.Context.CloseAsync();
    }
}
