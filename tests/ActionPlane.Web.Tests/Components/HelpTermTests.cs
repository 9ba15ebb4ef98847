using ActionPlane.Web.Components;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Components;

public sealed class HelpTermTests : MudTestContext
{
    [Fact]
    public void ShowsTheTerm_Focusable_AndNamedForTests()
    {
        var cut = Render<HelpTerm>(p => p.Add(c => c.Term, "PSI").Add(c => c.Help, "Population stability index: how far scores drifted."));

        var term = cut.Find("[data-testid=help-term]");
        term.TextContent.Should().Be("PSI");
        term.GetAttribute("data-term").Should().Be("PSI");
        term.GetAttribute("tabindex").Should().Be("0", "keyboard users must be able to reach the explanation");
        term.GetAttribute("aria-label").Should().StartWith("Population stability index");
    }

    [Fact]
    public void ShowsItsChildContent_InsteadOfTheTerm_WhenGiven()
    {
        var cut = Render<HelpTerm>(p => p.Add(c => c.Term, "four-fifths rule").Add(c => c.Help, "Each group's ratio should be at least 0.8.")
            .AddChildContent("the four-fifths rule"));

        var term = cut.Find("[data-testid=help-term]");
        term.TextContent.Should().Be("the four-fifths rule");
        term.GetAttribute("data-term").Should().Be("four-fifths rule");
    }
}
