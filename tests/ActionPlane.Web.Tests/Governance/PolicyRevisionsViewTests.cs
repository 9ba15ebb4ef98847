using ActionPlane.Engine.Governance;
using ActionPlane.Web.Features.Policies;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Governance;

public sealed class PolicyRevisionsViewTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static PolicyRevisionSummary Revision(string id, bool active = false) => new(id, At, At, 12, active);

    private static PolicyBundleRevision Stored(string id, string data) => new()
    {
        Id = id, FirstActiveAt = At, LastActivatedAt = At,
        Files = new Dictionary<string, string> { ["data.json"] = data, ["a.rego"] = "package a\n" },
    };

    [Fact]
    public void ShowsProgress_WhileLoading()
    {
        var cut = Render<PolicyRevisionsView>();

        cut.FindAll("[data-testid=policy-revisions-loading]").Should().ContainSingle();
    }

    [Fact]
    public void SaysNoRevisionIsStoredYet_WhenEmpty()
    {
        var cut = Render<PolicyRevisionsView>(p => p.Add(v => v.Revisions, []));

        cut.Find("[data-testid=policy-revisions-empty]").TextContent.Should().Contain("No revision is stored yet");
    }

    [Fact]
    public void ShowsTheError_WhenRevisionsCannotBeRead()
    {
        var cut = Render<PolicyRevisionsView>(p => p.Add(v => v.Error, "The stored revisions cannot be read: connection refused"));

        cut.Find("[data-testid=policy-revisions-error]").TextContent.Should().Contain("connection refused");
        cut.FindAll("[data-testid=policy-revisions-loading]").Should().BeEmpty();
    }

    [Fact]
    public void ListsRevisionsWithTheActiveOneMarked_AndComparesTheLastChangeByDefault()
    {
        (string From, string To)? asked = null;
        var cut = Render<PolicyRevisionsView>(p => p
            .Add(v => v.Revisions, [Revision("bbbbbbbbbbbb", active: true), Revision("aaaaaaaaaaaa")])
            .Add(v => v.OnCompare, pick => asked = pick));

        cut.FindAll("[data-testid=policy-revision-row]").Select(e => e.GetAttribute("data-revision")).Should().Equal("bbbbbbbbbbbb", "aaaaaaaaaaaa");
        cut.FindAll("[data-testid=policy-revision-active]").Should().ContainSingle();
        cut.Find("[data-testid=diff-compare]").Click();

        asked.Should().Be(("aaaaaaaaaaaa", "bbbbbbbbbbbb"));
    }

    [Fact]
    public void RendersTheDiff_FileByFileWithAddedAndRemovedLines()
    {
        var diff = PolicyRevisionDiff.Between(Stored("aaaaaaaaaaaa", "{\n  \"cap\": 30\n}\n"), Stored("bbbbbbbbbbbb", "{\n  \"cap\": 15\n}\n"));

        var cut = Render<PolicyRevisionsView>(p => p
            .Add(v => v.Revisions, [Revision("bbbbbbbbbbbb", active: true), Revision("aaaaaaaaaaaa")])
            .Add(v => v.Diff, diff));

        var file = cut.Find("[data-testid=revision-diff-file]");
        file.GetAttribute("data-path").Should().Be("data.json");
        file.GetAttribute("data-change").Should().Be("modified");
        cut.FindAll("[data-testid=diff-line][data-kind=removed]").Should().ContainSingle().Which.TextContent.Should().Contain("\"cap\": 30");
        cut.FindAll("[data-testid=diff-line][data-kind=added]").Should().ContainSingle().Which.TextContent.Should().Contain("\"cap\": 15");
        cut.Find("[data-testid=revision-diff-summary]").TextContent.Should().Contain("1 file(s) changed");
    }

    [Fact]
    public void SaysTheFilesAreIdentical_WhenTheDiffIsEmpty()
    {
        var diff = PolicyRevisionDiff.Between(Stored("aaaaaaaaaaaa", "{}"), Stored("bbbbbbbbbbbb", "{}"));

        var cut = Render<PolicyRevisionsView>(p => p
            .Add(v => v.Revisions, [Revision("bbbbbbbbbbbb"), Revision("aaaaaaaaaaaa")])
            .Add(v => v.Diff, diff));

        cut.Find("[data-testid=revision-diff-empty]").TextContent.Should().Contain("identical");
    }
}
