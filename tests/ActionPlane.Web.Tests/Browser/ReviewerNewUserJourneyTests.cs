using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

/// <summary>
/// The reviewer's main tasks as a new user does them, counting clicks from sign-in: find a decision,
/// read why the policy decided as it did, replay it under another revision, export the log, see drift.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReviewerNewUserJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Reviewer_FindsReadsReplaysExportsAndSeesDrift_InAHandfulOfClicks()
    {
        var proposal = await GovernanceArrange.ProposeDiscountAsync(app.Services);
        var accountId = await DemoArrange.DemoEndUserAccountAsync(app.Services);
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();
        var clicks = 0;

        await BrowserSession.RunAsync(page, "reviewer-new-user", async () =>
        {
            await BrowserSession.SignInAsync(page, "reviewer@demo.local");
            await page.WaitForURLAsync("**/audit");
            await Assertions.Expect(page.GetByTestId("pick-decision")).ToContainTextAsync("Click a decision");
            await GovernanceScreens.AtBothSizesAsync(page, "newuser-reviewer-log");

            // Find: type the account, Search, open the row.
            await page.GetByLabel("Account id").FillAsync(accountId);
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            clicks++;
            await Assertions.Expect(page.Locator("[data-testid=decision-table] tbody tr").Filter(new() { HasNotText = accountId })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            // Right after sign-in the row may still be the prerendered one, which ignores clicks until the
            // circuit connects (on a fresh app the filter check above passes before Search ran): click again.
            var row = page.Locator($"[data-testid=decision-action-type][data-proposal-id='{proposal.ProposalId}']");
            for (var attempt = 1; ; attempt++)
            {
                await row.ClickAsync();
                try
                {
                    await Assertions.Expect(page.GetByTestId("decision-trail")).ToBeVisibleAsync(new() { Timeout = 10_000 });
                    break;
                }
                catch (PlaywrightException) when (attempt < 3)
                {
                }
            }
            clicks++;

            // Read why: the verdict and its reasons come first in the trail.
            await Assertions.Expect(page.GetByTestId("trail-verdict-why")).ToContainTextAsync("Policy revision ", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("trail-verdict")).ToContainTextAsync(proposal.Allowed ? "allowed" : "denied");
            await GovernanceScreens.AtBothSizesAsync(page, "newuser-reviewer-trail");

            // Replay: the newest other revision is preselected, one click.
            await Assertions.Expect(page.GetByTestId("replay-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            await page.GetByTestId("replay-button").ClickAsync();
            clicks++;
            await Assertions.Expect(page.GetByTestId("replay-summary")).ToContainTextAsync("Under ");

            // Export what the filters show.
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-ndjson").ClickAsync());
            clicks++;
            download.SuggestedFilename.Should().EndWith(".ndjson");
            (await File.ReadAllTextAsync((await download.PathAsync())!)).Should().Contain(proposal.ProposalId.ToString());

            // Drift: one click to the models page, where the champion's drift is drawn and PSI is explained on hover.
            await page.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
            clicks++;
            await Assertions.Expect(page.GetByTestId("drift-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.Locator("[data-testid=help-term][data-term=PSI]").HoverAsync();
            await Assertions.Expect(page.Locator(".mud-tooltip").Filter(new() { HasText = "Population stability index" })).ToBeVisibleAsync();
            await GovernanceScreens.FirstScreenAsync(page, "newuser-reviewer-drift-top");
            await GovernanceScreens.AtBothSizesAsync(page, "newuser-reviewer-drift");
        });
        await page.Context.CloseAsync();

        clicks.Should().BeLessThanOrEqualTo(5, "finding, reading, replaying, exporting and drift each take one or two clicks from sign-in");
    }
}
