using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

/// <summary>Regression: after "Suggest actions" an empty panel, or a list of cards none of which the engine recommends, went unexplained.</summary>
public sealed class SuggestionNoticeTests : MudTestContext
{
    private static ProposalView Alternative(ProposalView p) =>
        p with { Explanation = p.Explanation with { Trace = p.Trace! with { Chosen = false, DroppedBecause = "not_worth_it" } } };

    [Fact]
    public void SaysNothingWasProposed_OnlyOnceSuggestHasRun()
    {
        var before = Render<SuggestionNotice>(p => p.Add(c => c.Proposals, []).Add(c => c.Suggested, false));
        var after = Render<SuggestionNotice>(p => p.Add(c => c.Proposals, []).Add(c => c.Suggested, true).Add(c => c.RejectedCount, 1));

        before.Markup.Trim().Should().BeEmpty();
        after.Find("[data-testid=no-proposals]").TextContent.Should().Contain("proposed no action").And.Contain("1 candidate failed the schema");
    }

    [Fact]
    public void SaysNoActionIsRecommended_WhenEveryCardIsAnAlternative()
    {
        var traced = Samples.TracedProposal();

        var none = Render<SuggestionNotice>(p => p.Add(c => c.Proposals, [Alternative(traced), Alternative(traced)]).Add(c => c.Suggested, true));
        var one = Render<SuggestionNotice>(p => p.Add(c => c.Proposals, [traced, Alternative(traced)]).Add(c => c.Suggested, true));

        none.Find("[data-testid=no-action-recommended]").TextContent.Should().Contain("recommends no action");
        one.FindAll("[data-testid=no-action-recommended]").Should().BeEmpty();
    }
}
