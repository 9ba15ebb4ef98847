namespace ActionPlane.Engine.Governance;

/// <summary>What changed between two bundle revisions: every file that was added, removed or edited, with its line diff.</summary>
public sealed record PolicyRevisionDiff(string From, string To, IReadOnlyList<PolicyFileDiff> Files)
{
    public static PolicyRevisionDiff Between(PolicyBundleRevision from, PolicyBundleRevision to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var paths = from.Files.Keys.Union(to.Files.Keys).Order(StringComparer.Ordinal);
        var files = new List<PolicyFileDiff>();
        foreach (var path in paths)
        {
            var before = from.Files.GetValueOrDefault(path);
            var after = to.Files.GetValueOrDefault(path);
            if (before == after)
                continue;
            var change = before is null ? FileChange.Added : after is null ? FileChange.Removed : FileChange.Modified;
            files.Add(new PolicyFileDiff(path, change, LineDiff.Compare(before, after)));
        }
        return new PolicyRevisionDiff(from.Id, to.Id, files);
    }
}

public enum FileChange { Added, Removed, Modified }

/// <summary>One file's change between two revisions.</summary>
public sealed record PolicyFileDiff(string Path, FileChange Change, IReadOnlyList<DiffHunk> Hunks)
{
    public int Added => Hunks.Sum(h => h.Added);
    public int Removed => Hunks.Sum(h => h.Removed);
}
