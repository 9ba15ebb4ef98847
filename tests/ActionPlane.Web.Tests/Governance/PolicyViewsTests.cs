using ActionPlane.Web.Features.Policies;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class PolicyViewsTests : MudTestContext
{
    private static readonly PolicyTestSummary s_summary = new("rev-1", 1, 1,
    [
        new("data.actionplane.gate.test_nudge_allowed", "actionplane/gate/gate_test.rego", 3, true, null, 0.4),
        new("data.actionplane.gate.test_discount_denied", "actionplane/gate/gate_test.rego", 9, false, "rule body was false", 0.2),
    ]);

    [Fact]
    public void TestsView_ShowsProgress_WhileTheRunIsPending()
    {
        var cut = Render<PolicyTestsView>(p => p.Add(c => c.Summary, null));

        cut.FindAll("[data-testid=policy-tests-loading]").Should().ContainSingle();
        cut.FindAll("[data-testid=policy-test-result]").Should().BeEmpty();
    }

    [Fact]
    public void TestsView_SaysSo_WhenTheBundleHasNoTests()
    {
        var cut = Render<PolicyTestsView>(p => p.Add(c => c.Summary, new PolicyTestSummary("rev-1", 0, 0, [])));

        cut.Find("[data-testid=policy-tests-empty]").TextContent.Should().Contain("no tests");
    }

    [Fact]
    public void TestsView_ShowsPassAndFailPerTest_FailuresFirstWithTheirReason()
    {
        var cut = Render<PolicyTestsView>(p => p.Add(c => c.Summary, s_summary));

        cut.Find("[data-testid=policy-tests-summary]").TextContent.Should().Contain("1 passed, 1 failed");
        var results = cut.FindAll("[data-testid=policy-test-result]");
        results.Select(r => r.GetAttribute("data-passed")).Should().Equal("false", "true");
        cut.Markup.Should().Contain("rule body was false");
    }

    [Fact]
    public void FilesView_ShowsProgress_WhileLoading()
    {
        var cut = Render<PolicyFilesView>(p => p.Add(c => c.Bundle, null));

        cut.FindAll("[data-testid=policy-files-loading]").Should().ContainSingle();
    }

    [Fact]
    public void FilesView_SaysSo_WhenTheBundleHasNoFiles()
    {
        var cut = Render<PolicyFilesView>(p => p.Add(c => c.Bundle, new PolicyBundleSnapshot("rev-1", "rev-1", [])));

        cut.FindAll("[data-testid=policy-files-empty]").Should().ContainSingle();
        cut.Find("[data-testid=bundle-revision]").TextContent.Should().Be("rev-1");
    }

    [Fact]
    public void FilesView_ShowsRevisionAndTheSourceOfTheOpenFile_AndWarnsWhenTheEngineDecidesUnderAnother()
    {
        var bundle = new PolicyBundleSnapshot("rev-2", "rev-1",
        [
            new("actionplane/gate/gate.rego", "package actionplane.gate\n\ndefault allow := false", false),
            new("actionplane/gate/gate_test.rego", "package actionplane.gate\n\ntest_x if true", true),
        ]);

        var cut = Render<PolicyFilesView>(p => p.Add(c => c.Bundle, bundle));

        cut.Find("[data-testid=bundle-revision]").TextContent.Should().Be("rev-2");
        cut.Markup.Should().Contain("engine decides under rev-1");
        cut.Markup.Should().Contain("actionplane/gate/gate_test.rego");
        var source = cut.Find("[data-testid=policy-file-source]");
        source.GetAttribute("data-path").Should().Be("actionplane/gate/gate.rego");
        source.TextContent.Should().Be("package actionplane.gate\n\ndefault allow := false");
    }
}
