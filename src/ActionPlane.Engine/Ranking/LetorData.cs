using System.Globalization;

namespace ActionPlane.Engine.Ranking;

/// <summary>
/// Ranking data in LETOR / libsvm form (<c>label idx:value …</c>, optional <c>qid:</c> and
/// <c># comment</c>) with LightGBM <c>.query</c> group sizes: consecutive rows form one query.
/// </summary>
public sealed class LetorData
{
    private LetorData(float[] labels, (int Index, float Value)[][] rows, int[] groups, int maxIndex)
    {
        Labels = labels;
        Rows = rows;
        Groups = groups;
        MaxIndex = maxIndex;
    }

    public IReadOnlyList<float> Labels { get; }
    /// <summary>Sparse features per row; absent indices are 0, as in LightGBM.</summary>
    public IReadOnlyList<(int Index, float Value)[]> Rows { get; }
    /// <summary>Rows per query, in file order.</summary>
    public IReadOnlyList<int> Groups { get; }
    public int MaxIndex { get; }

    /// <summary>Reads a LETOR file and its group file; a bad token or a size mismatch names the file and line.</summary>
    public static LetorData Read(string dataPath, string groupsPath)
    {
        var labels = new List<float>();
        var rows = new List<(int, float)[]>();
        var maxIndex = 0;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(dataPath))
        {
            lineNumber++;
            var line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0)
                continue;
            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!float.TryParse(tokens[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var label) || !float.IsFinite(label) || label < 0)
                throw new InvalidDataException($"{dataPath}: line {lineNumber}: label '{tokens[0]}' is not a non-negative number.");
            var features = new List<(int, float)>(tokens.Length - 1);
            for (var t = 1; t < tokens.Length; t++)
            {
                var colon = tokens[t].IndexOf(':');
                if (colon <= 0)
                    throw new InvalidDataException($"{dataPath}: line {lineNumber}, token {t + 1}: '{tokens[t]}' is not index:value.");
                var key = tokens[t][..colon];
                if (key == "qid")
                    continue;
                if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || !float.TryParse(tokens[t][(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new InvalidDataException($"{dataPath}: line {lineNumber}, token {t + 1}: '{tokens[t]}' is not index:value.");
                features.Add((index, value));
                maxIndex = Math.Max(maxIndex, index);
            }
            labels.Add(label);
            rows.Add([.. features]);
        }
        if (rows.Count == 0)
            throw new InvalidDataException($"{dataPath}: the file has no rows.");
        var groups = ReadGroups(groupsPath);
        var total = groups.Sum(g => (long)g);
        if (total != rows.Count)
            throw new InvalidDataException($"{groupsPath}: the group sizes add up to {total} rows but {dataPath} has {rows.Count}.");
        return new LetorData([.. labels], [.. rows], groups, maxIndex);
    }

    /// <summary>Dense rows of <paramref name="width"/> columns (feature index = column).</summary>
    public float[][] Dense(int width)
    {
        var dense = new float[Rows.Count][];
        for (var r = 0; r < dense.Length; r++)
        {
            dense[r] = new float[width];
            foreach (var (index, value) in Rows[r])
                if (index < width)
                    dense[r][index] = value;
        }
        return dense;
    }

    private static int[] ReadGroups(string path)
    {
        var groups = new List<int>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
                throw new InvalidDataException($"{path}: line {lineNumber}: '{line}' is not a positive group size.");
            groups.Add(size);
        }
        if (groups.Count == 0)
            throw new InvalidDataException($"{path}: the group file is empty.");
        return [.. groups];
    }
}
