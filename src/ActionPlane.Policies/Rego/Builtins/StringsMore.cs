using System.Globalization;
using System.Text;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>sprintf</c> with Go's verbs, and the Rego text form of values it prints.</summary>
internal static class StringsMore
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("sprintf", 2, (a, c) => S(Sprintf(c.Str(a, 0), c.Arr(a, 1).Items)));
    }

    public static string Sprintf(string format, IReadOnlyList<Value> args)
    {
        var sb = new StringBuilder();
        var argi = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var ch = format[i];
            if (ch != '%')
            {
                sb.Append(ch);
                continue;
            }

            i++;
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            if (format[i] == '%')
            {
                sb.Append('%');
                continue;
            }

            var flags = "";
            while (i < format.Length && "-+ 0#".Contains(format[i], StringComparison.Ordinal))
            {
                flags += format[i++];
            }

            var width = -1;
            var wstart = i;
            while (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                i++;
            }

            if (i > wstart)
            {
                width = int.Parse(format.AsSpan(wstart, i - wstart), CultureInfo.InvariantCulture);
            }

            var precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                var pstart = i;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                {
                    i++;
                }

                precision = i > pstart ? int.Parse(format.AsSpan(pstart, i - pstart), CultureInfo.InvariantCulture) : 0;
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i];
            if (argi >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            var text = FormatOne(verb, flags, precision, args[argi++]);
            if (width > text.Length)
            {
                text = flags.Contains('-', StringComparison.Ordinal)
                    ? text.PadRight(width)
                    : flags.Contains('0', StringComparison.Ordinal) && verb is 'd' or 'f' or 'x' or 'X' or 'e' or 'g'
                        ? (text.StartsWith('-') ? "-" + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0'))
                        : text.PadLeft(width);
            }

            sb.Append(text);
        }

        if (argi < args.Count)
        {
            sb.Append("%!(EXTRA ");
            sb.Append(string.Join(", ", args.Skip(argi).Select(v => GoTypeName(v) + "=" + ArgText(v))));
            sb.Append(')');
        }

        return sb.ToString();
    }

    private static string GoTypeName(Value v) => GoArg.Of(v).TypeName;

    private static string ArgText(Value v) => GoArg.Of(v).Plain;

    private static string FormatOne(char verb, string flags, int precision, Value v)
    {
        var arg = GoArg.Of(v);
        var plus = flags.Contains('+', StringComparison.Ordinal);
        var bad = $"%!{verb}({arg.TypeName}={arg.Plain})";
        switch (arg.Kind)
        {
            case GoKind.Int or GoKind.BigInt:
                var sign = plus && arg.Integer.Sign >= 0 ? "+" : "";
                return verb switch
                {
                    'd' or 'v' => sign + arg.Integer.ToString(CultureInfo.InvariantCulture),
                    // *big.Int formats %s in base 10; a Go int does not.
                    's' when arg.Kind == GoKind.BigInt => sign + arg.Integer.ToString(CultureInfo.InvariantCulture),
                    'x' or 'X' or 'o' or 'b' => sign + Based(arg.Integer, verb),
                    'c' when arg.Kind == GoKind.Int && arg.Integer >= 0 && arg.Integer <= 0x10FFFF => char.ConvertFromUtf32((int)arg.Integer),
                    _ => arg.Kind == GoKind.BigInt ? $"%!{verb}(big.Int={arg.Plain})" : bad,
                };
            case GoKind.Float:
                var f = arg.Float;
                var text = verb switch
                {
                    'v' => GoFloat.V(f),
                    'g' or 'G' => GoFloat.G(f, precision, verb == 'G' ? 'E' : 'e'),
                    'e' or 'E' => GoFloat.E(f, precision < 0 ? 6 : precision, verb),
                    'f' or 'F' => GoFloat.F(f, precision < 0 ? 6 : precision),
                    _ => null,
                };
                return text is null ? bad : (plus && f >= 0 ? "+" : "") + text;
            default:
                var str = arg.Plain;
                return verb switch
                {
                    's' or 'v' => precision >= 0 && precision < str.Length ? str[..precision] : str,
                    'q' => GoQuote(str),
                    'x' => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(str)).ToLowerInvariant(),
                    'X' => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(str)),
                    _ => bad,
                };
        }
    }

    private static string Based(System.Numerics.BigInteger n, char verb)
    {
        var t = Strings.ToBase(n, verb switch { 'o' => 8, 'b' => 2, _ => 16 });
        return verb == 'X' ? t.ToUpperInvariant() : t;
    }

    private static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var ch in s)
        {
            sb.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => ch < 0x20 ? $"\\x{(int)ch:x2}" : ch.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    /// <summary>The Rego source form of a value (<c>{"a": 1}</c>, <c>{1, 2}</c>, <c>set()</c>).</summary>
    internal static string RegoText(Value v)
    {
        switch (v)
        {
            case StringValue s:
                return ValueJson.Serialize(s).Replace("\\u003c", "<", StringComparison.Ordinal).Replace("\\u003e", ">", StringComparison.Ordinal).Replace("\\u0026", "&", StringComparison.Ordinal);
            case ArrayValue a:
                return "[" + string.Join(", ", a.Items.Select(RegoText)) + "]";
            case SetValue set:
                return set.Count == 0 ? "set()" : "{" + string.Join(", ", set.Sorted.Select(RegoText)) + "}";
            case ObjectValue o:
                return "{" + string.Join(", ", o.Sorted.Select(kv => RegoText(kv.Key) + ": " + RegoText(kv.Value))) + "}";
            default:
                return ValueJson.Serialize(v);
        }
    }

}
