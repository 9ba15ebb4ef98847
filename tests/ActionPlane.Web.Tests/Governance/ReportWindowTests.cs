using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Metrics;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>The date window shared by the parity and action-metrics pages, with the parity view as its content.</summary>
public sealed class ReportWindowTests : MudTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);
    private readonly List<(DateTimeOffset From, DateTimeOffset To)> _loads = [];

    public ReportWindowTests()
    {
        // Load is given by each test, so the store behind the service is never queried.
        var store = PageStores.Unreachable();
        Services.AddSingleton(new GovernanceReportsService(new ParityAnalyzer(store), new ActionMetricsQuery(store), new FixedClock(Now)));
    }

    [Fact]
    public void LoadsTheLast12Weeks_UpToTheEndOfToday_OnFirstRender()
    {
        var cut = RenderWindow((from, to) => Task.FromResult(Report(from, to)));

        cut.WaitForAssertion(() => cut.Find("[data-testid=parity-summary]"));
        _loads.Should().ContainSingle().Which.Should().Be((new DateTimeOffset(2026, 9, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)));
        cut.Find("[data-testid=parity-summary]").TextContent.Should().Contain("2026-09-02").And.Contain("2026-11-24");
    }

    [Fact]
    public void ShowsWhatCouldNotBeRead_AndTryAgainLoadsTheReport()
    {
        var cut = RenderWindow((from, to) => _loads.Count == 1
            ? throw new NpgsqlException("Failed to connect to 127.0.0.1:5999")
            : Task.FromResult(Report(from, to)));

        var error = cut.WaitForElement("[data-testid=parity-error]");
        error.TextContent.Should().Contain("The parity report could not be read").And.Contain("Failed to connect to 127.0.0.1:5999");
        cut.FindAll("[data-testid=parity-summary]").Should().BeEmpty();

        cut.Find("[data-testid=parity-error] [data-testid=retry]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=parity-summary]"));
        cut.FindAll("[data-testid=parity-error]").Should().BeEmpty();
        _loads.Should().HaveCount(2);
    }

    [Fact]
    public void ShowsLoading_UntilTheReportArrives()
    {
        var pending = new TaskCompletionSource<ParityReport>();
        var cut = RenderWindow((_, _) => pending.Task);

        cut.Find("[data-testid=parity-loading]");
        pending.SetResult(Report(Now.AddDays(-84), Now));
        cut.WaitForAssertion(() => cut.Find("[data-testid=parity-summary]"));
    }

    private IRenderedComponent<ReportWindow<ParityReport>> RenderWindow(Func<DateTimeOffset, DateTimeOffset, Task<ParityReport>> load) =>
        Render<ReportWindow<ParityReport>>(p => p
            .Add(w => w.TestId, "parity")
            .Add(w => w.What, "The parity report")
            .Add(w => w.Load, (from, to) =>
            {
                _loads.Add((from, to));
                return load(from, to);
            })
            .Add(w => w.ChildContent, state => builder =>
            {
                builder.OpenComponent<ParityView>(0);
                builder.AddAttribute(1, nameof(ParityView.Report), state.Report);
                builder.AddAttribute(2, nameof(ParityView.Error), state.Error);
                builder.AddAttribute(3, nameof(ParityView.OnRetry), EventCallback.Factory.Create(this, state.Retry));
                builder.CloseComponent();
            }));

    private static ParityReport Report(DateTimeOffset from, DateTimeOffset to) =>
        new(from, to, 0.8, 5, [new ParityDimension("plan", [new ParityGroup("pro", 10, 30, 8, 12, 20, 2, 3) { ExposureRatio = 1, BenefitRatio = 1 }])]);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
