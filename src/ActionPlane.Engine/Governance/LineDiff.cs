namespace ActionPlane.Engine.Governance;

/// <summary>
/// A line-level diff of two texts (longest common subsequence), grouped into hunks with a few lines
/// of context like <c>diff -u</c>. Policy files are small (hundreds of lines), so the quadratic table is fine.
/// </summary>
public static class LineDiff
{
    public const int DefaultContext = 3;

    public static IReadOnlyList<DiffHunk> Compare(string? before, string? after, int context = DefaultContext)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var lines = Align(a, b);
        return Hunks(lines, context);
    }

    private static string[] SplitLines(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private static List<DiffLine> Align(string[] a, string[] b)
    {
        // lcs[i, j] = length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var lines = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add(new DiffLine(DiffLineKind.Same, x + 1, y + 1, a[x]));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add(new DiffLine(DiffLineKind.Added, null, y + 1, b[y]));
                y++;
            }
            else
            {
                lines.Add(new DiffLine(DiffLineKind.Removed, x + 1, null, a[x]));
                x++;
            }
        }
        // Removals before additions inside a change reads better ("- old / + new").
        return Reorder(lines);
    }

    private static List<DiffLine> Reorder(List<DiffLine> lines)
    {
        var result = new List<DiffLine>(lines.Count);
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Kind == DiffLineKind.Same)
            {
                result.Add(lines[i++]);
                continue;
            }
            var start = i;
            while (i < lines.Count && lines[i].Kind != DiffLineKind.Same)
                i++;
            var block = lines.GetRange(start, i - start);
            result.AddRange(block.Where(l => l.Kind == DiffLineKind.Removed));
            result.AddRange(block.Where(l => l.Kind == DiffLineKind.Added));
        }
        return result;
    }

    private static List<DiffHunk> Hunks(List<DiffLine> lines, int context)
    {
        var hunks = new List<DiffHunk>();
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Kind == DiffLineKind.Same)
            {
                i++;
                continue;
            }
            var start = Math.Max(0, i - context);
            var end = i;
            // Extend while the next change is within 2 × context of the last one, so nearby changes share a hunk.
            while (end < lines.Count)
            {
                var next = end;
                while (next < lines.Count && lines[next].Kind == DiffLineKind.Same)
                    next++;
                if (next == lines.Count || next - end > 2 * context)
                    break;
                end = next;
                while (end < lines.Count && lines[end].Kind != DiffLineKind.Same)
                    end++;
            }
            var stop = Math.Min(lines.Count, end + context);
            hunks.Add(new DiffHunk(lines.GetRange(start, stop - start)));
            i = stop;
        }
        return hunks;
    }
}

public enum DiffLineKind { Same, Added, Removed }

/// <summary>One line of a diff with its number on each side (null on the side it is absent from).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? BeforeLine, int? AfterLine, string Text);

/// <summary>A run of changed lines with surrounding context.</summary>
public sealed record DiffHunk(IReadOnlyList<DiffLine> Lines)
{
    public int Added => Lines.Count(l => l.Kind == DiffLineKind.Added);
    public int Removed => Lines.Count(l => l.Kind == DiffLineKind.Removed);
}
