using System.Globalization;

namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Turns CSV columns into a float feature vector: numeric columns as numbers (missing = NaN, which
/// LightGBM treats as missing), categorical columns one-hot. Kinds are inferred per column.
/// </summary>
public sealed class FeatureEncoder
{
    /// <summary>Most frequent levels kept per categorical column; rarer ones share an "other" slot.</summary>
    public const int MaxLevels = 64;

    private readonly int[] _offsets;

    private FeatureEncoder(IReadOnlyList<TabularColumn> columns, IReadOnlyList<DroppedColumn> dropped)
    {
        Columns = columns;
        Dropped = dropped;
        _offsets = new int[columns.Count];
        var names = new List<string>();
        for (var c = 0; c < columns.Count; c++)
        {
            _offsets[c] = names.Count;
            var column = columns[c];
            if (column.Kind == ColumnKind.Numeric)
                names.Add(column.Name);
            else
            {
                names.AddRange(column.Levels.Select(l => $"{column.Name}={l}"));
                names.Add($"{column.Name}=<other>");
            }
        }
        FeatureNames = names;
    }

    public IReadOnlyList<TabularColumn> Columns { get; }
    public IReadOnlyList<DroppedColumn> Dropped { get; }
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>
    /// Where column <paramref name="column"/> (an index into <see cref="Columns"/>) sits in the feature
    /// vector: one position for a numeric column, one per level plus "other" for a categorical one.
    /// </summary>
    public Range FeatureRange(int column) => _offsets[column]..(column + 1 < _offsets.Length ? _offsets[column + 1] : FeatureNames.Count);

    /// <summary>
    /// Infers each column's kind from all rows. A column whose values are mostly numbers but holds
    /// other text is an error naming the first such line; blanks are simply missing.
    /// </summary>
    public static FeatureEncoder Fit(CsvTable table, IReadOnlySet<string> excluded)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(excluded);
        var columns = new List<TabularColumn>();
        var dropped = new List<DroppedColumn>();
        for (var c = 0; c < table.Header.Count; c++)
        {
            var name = table.Header[c];
            if (excluded.Contains(name))
                continue;
            int numeric = 0, text = 0, firstText = -1;
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var value = table.Rows[r][c];
                if (value is null)
                    continue;
                if (TryNumber(value, out _))
                    numeric++;
                else
                {
                    text++;
                    if (firstText < 0)
                        firstText = r;
                }
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
            if (numeric + text == 0)
            {
                dropped.Add(new DroppedColumn(name, "all values blank"));
                continue;
            }
            if (text == 0)
            {
                columns.Add(new TabularColumn(name, c, ColumnKind.Numeric, []));
                continue;
            }
            if (numeric >= text)
                throw new TabularException(
                    $"{table.Source}: line {table.Lines[firstText]}, column '{name}': '{table.Rows[firstText][c]}' is not a number, but {numeric} of {numeric + text} values in this column are. Fix the value, blank it, or --exclude the column.",
                    table.Lines[firstText], name);
            // Text with (nearly) one distinct value per row identifies rows; as a feature it only memorises.
            if (table.Rows.Count >= 20 && counts.Count > table.Rows.Count / 2)
            {
                dropped.Add(new DroppedColumn(name, $"identifier-like ({counts.Count} distinct values in {table.Rows.Count} rows)"));
                continue;
            }
            var levels = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxLevels).Select(kv => kv.Key).ToList();
            columns.Add(new TabularColumn(name, c, ColumnKind.Categorical, levels));
        }
        if (columns.Count == 0)
            throw new TabularException($"{table.Source}: no feature columns are left after exclusions.");
        return new FeatureEncoder(columns, dropped);
    }

    /// <summary>Encodes one row; a numeric column holding text throws naming the line and column.</summary>
    public float[] Encode(CsvTable table, int row)
    {
        var vector = new float[FeatureNames.Count];
        var values = table.Rows[row];
        for (var c = 0; c < Columns.Count; c++)
        {
            var column = Columns[c];
            var value = values[column.Index];
            if (column.Kind == ColumnKind.Numeric)
            {
                if (value is null)
                    vector[_offsets[c]] = float.NaN;
                else if (TryNumber(value, out var number))
                    vector[_offsets[c]] = (float)number;
                else
                    throw new TabularException($"{table.Source}: line {table.Lines[row]}, column '{column.Name}': '{value}' is not a number.", table.Lines[row], column.Name);
            }
            else if (value is not null)
            {
                var level = IndexOfLevel(column.Levels, value);
                vector[_offsets[c] + (level >= 0 ? level : column.Levels.Count)] = 1;
            }
        }
        return vector;
    }

    public float[][] EncodeAll(CsvTable table)
    {
        var rows = new float[table.Rows.Count][];
        for (var r = 0; r < rows.Length; r++)
            rows[r] = Encode(table, r);
        return rows;
    }

    public static bool TryNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static int IndexOfLevel(IReadOnlyList<string> levels, string value)
    {
        for (var i = 0; i < levels.Count; i++)
            if (string.Equals(levels[i], value, StringComparison.Ordinal))
                return i;
        return -1;
    }
}
