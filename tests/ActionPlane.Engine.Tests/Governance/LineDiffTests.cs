using ActionPlane.Engine.Governance;

namespace ActionPlane.Engine.Tests.Governance;

public sealed class LineDiffTests
{
    [Fact]
    public void Compare_GroupsNearbyChangesInOneHunk_WithContextAndLineNumbersOnBothSides()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var after = before.Replace("line 5", "line five", StringComparison.Ordinal).Replace("line 8\n", "", StringComparison.Ordinal);

        var hunks = LineDiff.Compare(before, after, context: 2);

        var hunk = hunks.Should().ContainSingle().Subject;
        hunk.Lines.First().Should().Be(new DiffLine(DiffLineKind.Same, 3, 3, "line 3"));
        hunk.Lines.Should().Contain(new DiffLine(DiffLineKind.Removed, 5, null, "line 5"));
        hunk.Lines.Should().Contain(new DiffLine(DiffLineKind.Added, null, 5, "line five"));
        hunk.Lines.Should().Contain(new DiffLine(DiffLineKind.Removed, 8, null, "line 8"));
        hunk.Lines.Last().Should().Be(new DiffLine(DiffLineKind.Same, 10, 9, "line 10"));
        hunk.Added.Should().Be(1);
        hunk.Removed.Should().Be(2);
    }

    [Fact]
    public void Compare_SplitsDistantChangesIntoSeparateHunks_AndIdenticalTextsHaveNone()
    {
        var before = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"l{i}"));
        var after = before.Replace("l2\n", "x2\n", StringComparison.Ordinal).Replace("l28\n", "x28\n", StringComparison.Ordinal);

        LineDiff.Compare(before, after).Should().HaveCount(2);
        LineDiff.Compare(before, before).Should().BeEmpty();
        LineDiff.Compare(null, "a\nb").Should().ContainSingle().Which.Added.Should().Be(2);
    }
}
