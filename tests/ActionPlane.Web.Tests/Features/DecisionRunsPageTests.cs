using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Features.DecisionRuns;
using ActionPlane.Web.Hosting;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>The admin's decision-run page over the real database: a progress bar while a run is going, its summary with the failed accounts after.</summary>
[Collection(AppCollection.Name)]
public sealed class DecisionRunsPageTests(ActionPlaneAppFixture app) : MudTestContext
{
    [Fact]
    public async Task Page_ShowsAProgressBar_WhileARunIsGoing_AndTheSummaryWithFailedAccountsAfter()
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var running = new DecisionRun
        {
            Id = Guid.CreateVersion7(), Trigger = "scheduled", StartedBy = "system:decision-run", StartedAt = DateTimeOffset.UtcNow,
            Status = DecisionRunStatus.Running, IsoWeek = "2026-W50", Accounts = 300, Done = 120, ActionDecisions = 100, Skipped = 19, Failed = 1,
            Failures = [new DecisionRunFailure("acc-0042", "refused for the test")],
        };
        await StoreAsync(store, running);

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.Find("[data-testid=decision-run-progress]"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=decision-run-done]").TextContent.Should().Contain("120 of 300 accounts");
        cut.Find("[data-testid=start-decision-run]").HasAttribute("disabled").Should().BeTrue("a run is in progress");

        // The run finishes (here: its document says so); the page polls and shows the summary without the bar.
        await StoreAsync(store, running with { Status = DecisionRunStatus.Completed, Done = 300, FinishedAt = DateTimeOffset.UtcNow });
        cut.WaitForAssertion(() => cut.Find("[data-testid=decision-run-status]").TextContent.Should().Be("Completed"), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=decision-run-progress]").Should().BeEmpty();
        cut.Find("[data-testid=decision-run-failures]").TextContent.Should().Contain("acc-0042").And.Contain("refused for the test");
    }

    private IRenderedComponent<DecisionRunsPage> RenderPage()
    {
        SignedInAs.Register(Services, DemoUsers.Admin);
        Services.AddSingleton(app.Services.GetRequiredService<DecisionRunner>());
        Services.AddSingleton(app.Services.GetRequiredService<DecisionRunHost>());
        Services.AddSingleton(app.Services.GetRequiredService<DecisionRunSchedule>());
        Services.AddSingleton(app.Services.GetRequiredService<ActionPlane.Engine.Storage.ActionPlaneEngineOptions>());
        return Render<DecisionRunsPage>();
    }

    private static async Task StoreAsync(IDocumentStore store, DecisionRun run)
    {
        await using var session = store.LightweightSession();
        session.Store(run);
        await session.SaveChangesAsync();
    }
}
