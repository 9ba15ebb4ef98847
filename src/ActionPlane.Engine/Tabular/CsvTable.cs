using System.Text;

namespace ActionPlane.Engine.Tabular;

/// <summary>
/// A CSV file read whole: a header row and data rows of equal width. Quoted fields may hold commas,
/// quotes ("") and line breaks; a blank or whitespace-only field is missing (null).
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;

    private CsvTable(string source, IReadOnlyList<string> header, List<string?[]> rows, List<int> lines)
    {
        Source = source;
        Header = header;
        Rows = rows;
        Lines = lines;
        _index = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
    }

    public string Source { get; }
    public IReadOnlyList<string> Header { get; }
    /// <summary>Data rows; trimmed values, null where the field is blank.</summary>
    public IReadOnlyList<string?[]> Rows { get; }
    /// <summary>The file line each data row starts on (header = line 1), for error messages.</summary>
    public IReadOnlyList<int> Lines { get; }

    public static CsvTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path);
    }

    public static CsvTable Parse(TextReader reader, string source = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new CsvRecordReader(reader, source);
        if (!records.TryRead(out var header, out _))
            throw new TabularException($"{source}: the file is empty; a header row is needed.", 1);
        var names = new string[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            names[i] = header[i].Trim();
            if (names[i].Length == 0)
                throw new TabularException($"{source}: line 1, column {i + 1} of the header is blank; every column needs a name.", 1);
            if (!seen.Add(names[i]))
                throw new TabularException($"{source}: line 1: column '{names[i]}' appears twice in the header.", 1, names[i]);
        }

        var rows = new List<string?[]>();
        var lines = new List<int>();
        while (records.TryRead(out var fields, out var line))
        {
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
                continue; // blank line
            if (fields.Count != names.Length)
                throw new TabularException($"{source}: line {line} has {fields.Count} fields but the header has {names.Length}.", line);
            var row = new string?[names.Length];
            for (var i = 0; i < row.Length; i++)
                row[i] = string.IsNullOrWhiteSpace(fields[i]) ? null : fields[i].Trim();
            rows.Add(row);
            lines.Add(line);
        }
        if (rows.Count == 0)
            throw new TabularException($"{source}: there are no data rows after the header.", 2);
        return new CsvTable(source, names, rows, lines);
    }

    /// <summary>The index of a column; an unknown name is an error naming the option and listing the columns.</summary>
    public int IndexOf(string column, string option)
    {
        if (_index.TryGetValue(column, out var i))
            return i;
        var known = string.Join(", ", Header.Take(40)) + (Header.Count > 40 ? ", …" : "");
        throw new TabularException($"{option}: unknown column '{column}' in {Source}; the columns are {known}.", null, column);
    }

    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>
    /// These rows laid out under <paramref name="header"/> (columns taken by name, those this table lacks
    /// blank), so an encoder fitted on another file with that header encodes them.
    /// </summary>
    public CsvTable Aligned(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var from = header.Select(h => _index.TryGetValue(h, out var i) ? i : -1).ToArray();
        var rows = Rows.Select(row => from.Select(i => i < 0 ? null : row[i]).ToArray()).ToList();
        return new CsvTable(Source, [.. header], rows, [.. Lines]);
    }

    /// <summary>A table of the same header holding only the rows at <paramref name="indices"/>.</summary>
    public CsvTable Subset(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        return new CsvTable(Source, Header, list.Select(i => (string?[])Rows[i]).ToList(), list.Select(i => Lines[i]).ToList());
    }
}
