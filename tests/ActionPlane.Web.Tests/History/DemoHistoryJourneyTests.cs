using ActionPlane.Web.Tests.Browser;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.History;

/// <summary>A governance reviewer opening the demo with its history: strategies estimated, models with outcomes behind them.</summary>
[Collection(HistoryAppCollection.Name)]
public sealed class DemoHistoryJourneyTests(HistoryAppFixture app)
{
    [Fact]
    public async Task Reviewer_SeesStrategyEstimatesAndModelOutcomes_FromTheHistory()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "history-reviewer", async () =>
        {
            await BrowserSession.SignInAsync(page, "reviewer@demo.local");
            await page.WaitForURLAsync("**/audit");
            // The decision log has outcomes from the first start.
            await Assertions.Expect(page.GetByTestId("decision-action-type").First).ToBeVisibleAsync();
            await GovernanceScreens.AtBothSizesAsync(page, "history-audit");

            await page.GotoAsync(new Uri(app.BaseAddress, "audit/ope").ToString());
            await Assertions.Expect(page.GetByTestId("ope-chart")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("ope-not-enough")).ToHaveCountAsync(0);
            await GovernanceScreens.AtBothSizesAsync(page, "history-strategies");

            await page.GotoAsync(new Uri(app.BaseAddress, "audit/models").ToString());
            await Assertions.Expect(page.GetByTestId("feedback-loop")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("loop-labels")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("loop-empty")).ToHaveCountAsync(0);
            await GovernanceScreens.AtBothSizesAsync(page, "history-models");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Csm_SeesChurnedAccountsOnlyOnRequest_WithTheirChurnDay()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "history-csm-churned", async () =>
        {
            await BrowserSession.SignInAsync(page, "csm@demo.local");
            await page.WaitForURLAsync("**/csm");
            await Assertions.Expect(page.GetByTestId("account-name").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("churned-chip")).ToHaveCountAsync(0);

            await page.GetByTestId("churned-filter").ClickAsync();
            await Assertions.Expect(page.GetByTestId("churned-chip").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("churned-chip").First).ToContainTextAsync("Churned ");
            await GovernanceScreens.AtBothSizesAsync(page, "history-csm-churned");

            // Its 360 says it churned, and when, instead of a churn risk for the next 90 days.
            var id = (await page.GetByTestId("account-name").First.Locator(".mud-typography-caption").InnerTextAsync()).Split(' ')[0];
            await page.GotoAsync(new Uri(app.BaseAddress, $"csm/accounts/{id}").ToString());
            await Assertions.Expect(page.GetByTestId("account360-churned")).ToContainTextAsync("Churned on ");
            await Assertions.Expect(page.GetByTestId("account360-churn")).ToHaveCountAsync(0);
            await BrowserSession.ScreenshotAsync(page, "history-account360-churned");
        });
        await page.Context.CloseAsync();
    }
}
