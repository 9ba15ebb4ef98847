using ActionPlane.Web.Features.Nudges;
using ActionPlane.Web.Tests.Infrastructure;
using ActionPlane.Engine.Nudges;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class NudgeCardTests : MudTestContext
{
    [Fact]
    public void Why_IsHidden_UntilAsked()
    {
        var cut = Render<NudgeCard>(p => p.Add(c => c.Nudge, Samples.Nudge()));
        cut.FindAll("[data-testid=nudge-why]").Should().BeEmpty();

        cut.FindAll("button").Single(b => b.TextContent.Contains("Why am I seeing this?")).Click();

        cut.Find("[data-testid=nudge-why]").TextContent.Should().Contain("not tried automations");
    }

    [Fact]
    public void Topic_IsNamedAsInPreferences_NotByItsInternalCategory()
    {
        var cut = Render<NudgeCard>(p => p.Add(c => c.Nudge, Samples.Nudge() with { Category = "retention" }));

        cut.Find("[data-testid=nudge-topic]").TextContent.Should().Be("Staying on track");
        cut.Find("[data-testid=nudge]").TextContent.Should().NotContain("retention");
    }

    [Fact]
    public void HiddenList_SaysWhichTopicIsHidden_AndForHowManyDays()
    {
        var until = DateTimeOffset.UnixEpoch.AddDays(60);
        var cut = Render<HiddenNudgesList>(p => p.Add(c => c.Hidden, [
            new HiddenNudgeView("nudge-1", "Get the most out of your workspace", SuppressionEntry.CategoryScope, "onboarding", until, 60),
            new HiddenNudgeView("nudge-2", "A tip for you", SuppressionEntry.ActionScope, "schedule_nudge", until, 1)]));

        var rows = cut.FindAll("[data-testid=hidden-nudge]").Select(r => r.TextContent).ToArray();
        rows[0].Should().Contain("tips about \"Getting started\" hidden for 60 days").And.NotContain("onboarding");
        rows[1].Should().Contain("this kind of tip hidden for 1 day").And.NotContain("schedule_nudge");
    }

    [Fact]
    public void NotRelevant_CallsBack()
    {
        var dismissed = false;
        var cut = Render<NudgeCard>(p => p.Add(c => c.Nudge, Samples.Nudge()).Add(c => c.OnNotRelevant, () => dismissed = true));

        cut.FindAll("button").Single(b => b.TextContent.Contains("Not relevant")).Click();

        dismissed.Should().BeTrue();
    }
}
