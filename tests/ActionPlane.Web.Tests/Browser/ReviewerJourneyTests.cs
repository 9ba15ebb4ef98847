using System.Text.Json.Nodes;
using ActionPlane.Engine.Data;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class ReviewerJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Reviewer_FindsADecision_AndReadsItsTrailWithPolicyRevisionAndModelVersion()
    {
        // A shortcut, not a nudge: the end-user journey's nudge must not trip the nudge cooldown here.
        var proposalId = await DemoArrange.ApplyForDemoEndUserAsync(app.Services, "pin_shortcut", new JsonObject
        {
            ["user_id"] = DemoTenantSeeder.DemoEndUserId,
            ["feature"] = "automations",
            ["label"] = "Automations",
        });
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "reviewer", async () =>
        {
            await BrowserSession.SignInAsync(page, "reviewer@demo.local");
            await page.WaitForURLAsync("**/audit");
            await Assertions.Expect(page.GetByTestId("decision-action-type").First).ToBeVisibleAsync();

            // Narrow the log to the action type, then open the record just applied.
            await page.Locator("[data-testid=audit-filters] .mud-select").First.ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "pin_shortcut" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("decision-action-type").Filter(new() { HasNotText = "pin_shortcut" })).ToHaveCountAsync(0);
            await page.Locator($"[data-testid=decision-action-type][data-proposal-id='{proposalId}']").ClickAsync();

            var trail = page.GetByTestId("decision-trail");
            await Assertions.Expect(trail).ToContainTextAsync(proposalId.ToString());
            await Assertions.Expect(trail.GetByTestId("policy-revision")).Not.ToBeEmptyAsync();
            await Assertions.Expect(trail.GetByTestId("model-version")).Not.ToBeEmptyAsync();
            await Assertions.Expect(trail.GetByTestId("trail-entry").Filter(new() { HasText = "ActionApplied" })).ToHaveCountAsync(1);
            await BrowserSession.ScreenshotAsync(page, "reviewer-trail");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reviewer_OpensStrategies_FromTheNav_AndSeesEstimatesOrWhyThereAreNone()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "reviewer-strategies", async () =>
        {
            await BrowserSession.SignInAsync(page, "reviewer@demo.local");
            await page.WaitForURLAsync("**/audit");
            await page.GetByRole(AriaRole.Link, new() { Name = "Strategies" }).ClickAsync();
            await page.WaitForURLAsync("**/audit/ope");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What would another strategy have retained?" })).ToBeVisibleAsync();
            // The shared demo log may or may not hold labelled explored decisions by now: either the estimates or the reason.
            await Assertions.Expect(page.Locator("[data-testid=ope-chart], [data-testid=ope-not-enough]").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("ope-counts")).ToBeVisibleAsync();
            await GovernanceScreens.AtBothSizesAsync(page, "reviewer-strategies");
        });
        await page.Context.CloseAsync();
    }
}
