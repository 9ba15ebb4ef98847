using ActionPlane.Web.Features.Nudges;
using ActionPlane.Web.Tests.Infrastructure;
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
    public void NotRelevant_CallsBack()
    {
        var dismissed = false;
        var cut = Render<NudgeCard>(p => p.Add(c => c.Nudge, Samples.Nudge()).Add(c => c.OnNotRelevant, () => dismissed = true));

        cut.FindAll("button").Single(b => b.TextContent.Contains("Not relevant")).Click();

        dismissed.Should().BeTrue();
    }
}
