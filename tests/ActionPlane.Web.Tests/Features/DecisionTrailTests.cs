using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Features.Audit;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class DecisionTrailTests : MudTestContext
{
    [Fact]
    public void Trail_ShowsPolicyRevisionModelVersionAndEveryEvent()
    {
        var record = Samples.Decision();

        var cut = Render<DecisionTrail>(p => p.Add(c => c.Record, record));

        cut.Find("[data-testid=policy-revision]").TextContent.Should().Be("rev-7f3a");
        cut.Find("[data-testid=model-version]").TextContent.Should().Be("churn-20261123-1");
        cut.Find("[data-testid=decision-id]").TextContent.Should().Be("dec-42");
        cut.FindAll("[data-testid=trail-entry]").Select(e => e.TextContent).Should().HaveCount(4)
            .And.Contain(t => t.Contains("ActionRolledBack"));
        cut.FindAll("[data-testid=gate-decision]").Should().ContainSingle();
    }

    [Fact]
    public void Trail_WithATrace_ShowsWhyTheEngineProposedIt()
    {
        var traced = Samples.TracedProposal();

        var cut = Render<DecisionTrail>(p => p.Add(c => c.Record, Samples.Decision()).Add(c => c.Trace, traced.Trace)
            .Add(c => c.UserFacingWhy, traced.Explanation.UserFacingWhy));

        cut.Find("[data-testid=decision-trace]").GetAttribute("data-arm").Should().Be("exploit");
        cut.Find("[data-testid=trace-budget]").TextContent.Should().Contain("0 of 100").And.Contain("2026-W48");
        cut.Find("[data-testid=trace-signals]").TextContent.Should().Contain("Support tickets");
    }

    [Fact]
    public void Trail_WithoutATrace_StillRenders()
    {
        var cut = Render<DecisionTrail>(p => p.Add(c => c.Record, Samples.Decision()));

        cut.FindAll("[data-testid=decision-trace]").Should().BeEmpty("proposals recorded before traces existed have none");
    }

    [Fact]
    public void Trail_OfAnActionTheAutopilotApplied_SaysUnattendedBySystemNba()
    {
        var record = Samples.Decision() with { Status = ActionStatus.Applied, AppliedBy = "system:nba", AppliedAt = DateTimeOffset.UnixEpoch };

        var cut = Render<DecisionTrail>(p => p.Add(c => c.Record, record));

        cut.Find("[data-testid=applied-unattended]").TextContent.Should().Contain("applied unattended by system:nba");
    }

    [Fact]
    public void Trail_OfAnActionAPersonApplied_HasNoUnattendedLabel()
    {
        var record = Samples.Decision() with { Status = ActionStatus.Applied, AppliedBy = "csm@demo.local", AppliedAt = DateTimeOffset.UnixEpoch };

        var cut = Render<DecisionTrail>(p => p.Add(c => c.Record, record));

        cut.FindAll("[data-testid=applied-unattended]").Should().BeEmpty();
    }
}
