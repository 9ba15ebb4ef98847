namespace ActionPlane.Engine.Tabular;

/// <summary>Reads a two-valued column (a label or an outcome) as booleans.</summary>
public static class BinaryColumn
{
    private static readonly (string Positive, string Negative)[] KnownPairs =
        [("1", "0"), ("yes", "no"), ("true", "false"), ("y", "n"), ("1.0", "0.0")];

    /// <summary>
    /// The column as booleans: true where the value equals <paramref name="positive"/> (case-insensitive).
    /// Without <paramref name="positive"/> the column must be 0/1, yes/no, true/false or y/n.
    /// A blank value or a single class is an error naming the line or column.
    /// </summary>
    public static bool[] Read(CsvTable table, string column, string? positive, string option)
    {
        ArgumentNullException.ThrowIfNull(table);
        var c = table.IndexOf(column, option);
        var distinct = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var r = 0; r < table.Rows.Count; r++)
            distinct.Add(table.Rows[r][c] ?? throw new TabularException($"{table.Source}: line {table.Lines[r]}, column '{column}': the value is blank.", table.Lines[r], column));
        if (positive is null)
        {
            if (distinct.Count > 2)
                throw new TabularException($"{option}: column '{column}' has {distinct.Count} distinct values ({Show(distinct)}); a binary column needs two, or name the positive one with --positive.", null, column);
            foreach (var (pos, neg) in KnownPairs)
            {
                if (distinct.All(v => v.Equals(pos, StringComparison.OrdinalIgnoreCase) || v.Equals(neg, StringComparison.OrdinalIgnoreCase)))
                {
                    positive = pos;
                    break;
                }
            }
            if (positive is null)
                throw new TabularException($"{option}: column '{column}' holds {Show(distinct)}; say which is positive with --positive.", null, column);
        }
        var result = new bool[table.Rows.Count];
        var positives = 0;
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = string.Equals(table.Rows[r][c], positive, StringComparison.OrdinalIgnoreCase);
            positives += result[r] ? 1 : 0;
        }
        if (positives == 0 || positives == result.Length)
            throw new TabularException($"{option}: column '{column}' has a single class ({Show(distinct)}{(positives == 0 ? $", none equal to '{positive}'" : "")}); both classes are needed.", null, column);
        return result;
    }

    /// <summary>A numeric column as doubles; a blank or text value is an error naming the line and column.</summary>
    public static double[] ReadNumbers(CsvTable table, string column, string option)
    {
        var c = table.IndexOf(column, option);
        var result = new double[table.Rows.Count];
        for (var r = 0; r < result.Length; r++)
        {
            var value = table.Rows[r][c];
            if (value is null || !FeatureEncoder.TryNumber(value, out result[r]))
                throw new TabularException($"{table.Source}: line {table.Lines[r]}, column '{column}': '{value}' is not a number.", table.Lines[r], column);
        }
        return result;
    }

    private static string Show(IEnumerable<string> values) => string.Join(", ", values.Take(5).Select(v => $"'{v}'")) + (values.Count() > 5 ? ", …" : "");
}
