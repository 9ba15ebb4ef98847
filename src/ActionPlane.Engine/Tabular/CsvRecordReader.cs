using System.Text;

namespace ActionPlane.Engine.Tabular;

/// <summary>RFC 4180 record splitter: one record per call, quoted fields may span lines.</summary>
internal sealed class CsvRecordReader(TextReader reader, string source)
{
    private int _line = 1;

    /// <summary>Reads the next record; <paramref name="line"/> is the line it starts on.</summary>
    public bool TryRead(out List<string> fields, out int line)
    {
        fields = [];
        line = _line;
        if (reader.Peek() < 0)
            return false;
        var field = new StringBuilder();
        var quoted = false;
        var afterQuote = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (quoted)
                    throw new TabularException($"{source}: line {line}: a quoted field is never closed.", line);
                fields.Add(field.ToString());
                return true;
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (ch == '\n')
                        _line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                    continue;
                case '\r':
                    if (reader.Peek() == '\n')
                        reader.Read();
                    goto case '\n';
                case '\n':
                    _line++;
                    fields.Add(field.ToString());
                    return true;
                case '"' when !afterQuote && field.ToString().Trim().Length == 0:
                    field.Clear();
                    quoted = true;
                    continue;
                default:
                    if (afterQuote && !char.IsWhiteSpace(ch))
                        throw new TabularException($"{source}: line {line}, field {fields.Count + 1}: text after a closing quote.", line);
                    if (!afterQuote)
                        field.Append(ch);
                    continue;
            }
        }
    }
}
