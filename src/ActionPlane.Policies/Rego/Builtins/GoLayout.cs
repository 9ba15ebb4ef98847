using System.Globalization;
using System.Text;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Go reference-time layouts (<c>2006-01-02T15:04:05Z07:00</c>) mapped onto .NET format strings.</summary>
internal static class GoLayout
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["ANSIC"] = "Mon Jan _2 15:04:05 2006",
        ["UnixDate"] = "Mon Jan _2 15:04:05 MST 2006",
        ["RubyDate"] = "Mon Jan 02 15:04:05 -0700 2006",
        ["RFC822"] = "02 Jan 06 15:04 MST",
        ["RFC822Z"] = "02 Jan 06 15:04 -0700",
        ["RFC850"] = "Monday, 02-Jan-06 15:04:05 MST",
        ["RFC1123"] = "Mon, 02 Jan 2006 15:04:05 MST",
        ["RFC1123Z"] = "Mon, 02 Jan 2006 15:04:05 -0700",
        ["RFC3339"] = "2006-01-02T15:04:05Z07:00",
        ["RFC3339Nano"] = "2006-01-02T15:04:05.999999999Z07:00",
        ["Kitchen"] = "3:04PM",
        ["Stamp"] = "Jan _2 15:04:05",
        ["DateTime"] = "2006-01-02 15:04:05",
        ["DateOnly"] = "2006-01-02",
        ["TimeOnly"] = "15:04:05",
    };

    // Longest tokens first so "January" wins over "Jan" and "2006" over "2".
    private static readonly (string Go, string Net)[] Tokens =
    [
        ("January", "MMMM"), ("Monday", "dddd"), ("Z07:00", "Z"), ("-07:00", "zzz"), ("-0700", "zz00"), ("Z0700", "Z"),
        ("2006", "yyyy"), ("Jan", "MMM"), ("Mon", "ddd"), ("MST", "\"UTC\""), ("_2", "%d"),
        (".000000000", ".fffffff"), (".999999999", ".FFFFFFF"), (".000000", ".ffffff"), (".999999", ".FFFFFF"),
        (".000", ".fff"), (".999", ".FFF"),
        ("01", "MM"), ("02", "dd"), ("06", "yy"), ("15", "HH"), ("03", "hh"), ("04", "mm"), ("05", "ss"),
        ("PM", "tt"), ("pm", "tt"), ("1", "%M"), ("2", "%d"), ("3", "%h"), ("4", "%m"), ("5", "%s"),
    ];

    private static string ToNet(string layout)
    {
        if (Named.TryGetValue(layout, out var named))
        {
            layout = named;
        }

        var sb = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            var matched = false;
            foreach (var (go, net) in Tokens)
            {
                if (string.CompareOrdinal(layout, i, go, 0, go.Length) == 0)
                {
                    sb.Append(net.StartsWith('%') && (sb.Length > 0 || i + go.Length < layout.Length) ? net[1..] : net);
                    i += go.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                var ch = layout[i++];
                sb.Append(char.IsAsciiLetter(ch) || ch is '\\' or '%' or '"' or '\'' or ':' or '/' ? "\\" + ch : ch.ToString());
            }
        }

        return sb.ToString();
    }

    public static string Format(DateTimeOffset t, string layout, long ns)
    {
        var net = ToNet(layout);
        var text = t.ToString(net.Replace("Z", t.Offset == TimeSpan.Zero ? "\\Z" : "zzz", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        return text;
    }

    public static Number Parse(BuiltinContext c, string layout, string value)
    {
        var net = ToNet(layout).Replace("Z", "K", StringComparison.Ordinal);
        if (!DateTimeOffset.TryParseExact(value, net, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var t))
        {
            throw Fail(c.Name, $"parsing time \"{value}\" as \"{layout}\": cannot parse");
        }

        return Number.FromLong(Times.ToNanos(c, t));
    }
}
