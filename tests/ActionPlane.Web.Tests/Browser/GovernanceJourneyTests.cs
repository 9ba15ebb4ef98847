using ActionPlane.Policies;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ActionPlane.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class GovernanceJourneyTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Reviewer_OpensThePolicyBrowser_AndSeesTheRevisionAndPassingRegoTests()
    {
        var revision = app.Services.GetRequiredService<IPolicyEngine>().Revision;
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "reviewer-policies", async () =>
        {
            await BrowserSession.SignInAsync(page, "reviewer@demo.local");
            await page.WaitForURLAsync("**/audit");
            await page.GetByRole(AriaRole.Link, new() { Name = "Policies" }).ClickAsync();
            await page.WaitForURLAsync("**/audit/policies");

            await Assertions.Expect(page.GetByTestId("bundle-revision")).ToHaveTextAsync(revision);
            await Assertions.Expect(page.GetByTestId("policy-tests-summary")).ToContainTextAsync(" 0 failed");
            await Assertions.Expect(page.Locator("[data-testid=policy-test-result][data-passed=true]").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("policy-file-source").First).ToContainTextAsync("package ");
            await BrowserSession.ScreenshotAsync(page, "reviewer-policies");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reviewer_DownloadsTheFilteredDecisionLogAsCsv_FromTheAuditPage()
    {
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "reviewer-export", async () =>
        {
            await BrowserSession.SignInAsync(page, "reviewer@demo.local");
            await page.WaitForURLAsync("**/audit");
            await page.GetByLabel("Account id").FillAsync("no-such-account");
            await page.GetByLabel("Account id").BlurAsync();
            // The link is rebuilt when the server has the new filter: click only once it carries it.
            await Assertions.Expect(page.GetByTestId("export-csv")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("no-such-account"));

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());

            download.SuggestedFilename.Should().StartWith("decisions-").And.EndWith(".csv");
            var text = await File.ReadAllTextAsync((await download.PathAsync())!);
            // The filter travelled with the link: nothing matches, so only the header row.
            text.Should().StartWith("proposal_id,decision_id,").And.Subject.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reviewer_ReplaysARecordedDecision_UnderARevisionWithALowerDiscountCap()
    {
        var proposal = await GovernanceArrange.ProposeDiscountAsync(app.Services);
        var (_, lowerCap) = await GovernanceArrange.StoreLowerDiscountCapRevisionAsync(app.Services);
        var accountId = await DemoArrange.DemoEndUserAccountAsync(app.Services);
        var browser = await app.BrowserAsync();
        var page = await browser.NewPageAsync();

        await BrowserSession.RunAsync(page, "reviewer-replay", async () =>
        {
            await BrowserSession.SignInAsync(page, "reviewer@demo.local");
            await page.WaitForURLAsync("**/audit");
            await page.GetByLabel("Account id").FillAsync(accountId);
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            // Wait for the filtered table before opening the row, so the click lands on the table that stays.
            await Assertions.Expect(page.Locator("[data-testid=decision-table] tbody tr").Filter(new() { HasNotText = accountId })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await page.Locator($"[data-testid=decision-action-type][data-proposal-id='{proposal.ProposalId}']").ClickAsync();

            await Assertions.Expect(page.GetByTestId("replay-panel")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("replay-button")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            await page.GetByTestId("replay-button").ClickAsync();

            await Assertions.Expect(page.GetByTestId("replay-summary")).ToContainTextAsync($"Under {lowerCap}");
            await Assertions.Expect(page.GetByTestId("replay-replayed-verdict")).ToHaveTextAsync("deny");
            await Assertions.Expect(page.GetByTestId("replay-deny-added").First).ToContainTextAsync("approval.max_discount");
            await BrowserSession.ScreenshotAsync(page, "reviewer-replay");
        });
        await page.Context.CloseAsync();
    }
}
