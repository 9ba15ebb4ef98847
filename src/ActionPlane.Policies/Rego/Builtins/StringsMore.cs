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

    private static string GoTypeName(Value v) => v switch
    {
        StringValue => "string",
        NumberValue n => n.Value.IsInteger ? "*big.Int" : "float64",
        _ => "ast." + v.GetType().Name.Replace("Value", "", StringComparison.Ordinal),
    };

    private static string ArgText(Value v) => v is StringValue s ? s.Value : RegoText(v);

    private static string FormatOne(char verb, string flags, int precision, Value v)
    {
        var plus = flags.Contains('+', StringComparison.Ordinal);
        switch (verb)
        {
            case 'v':
                return v is NumberValue n0 && !n0.Value.IsInteger ? GoFloat(n0.Value.ToDouble()) : ArgText(v);
            case 's':
                return v switch
                {
                    StringValue s => precision >= 0 && precision < s.Value.Length ? s.Value[..precision] : s.Value,
                    NumberValue n when n.Value.IsInteger => n.Value.ToString(),
                    NumberValue n => $"%!s(float64={GoFloat(n.Value.ToDouble())})",
                    _ => RegoText(v),
                };
            case 'q':
                return v is StringValue qs ? GoQuote(qs.Value) : $"%!q({GoTypeName(v)}={ArgText(v)})";
            case 't':
                return v is BoolValue b ? (b.Value ? "true" : "false") : $"%!t({GoTypeName(v)}={ArgText(v)})";
            case 'd':
                if (v is NumberValue { Value.IsInteger: true } d)
                {
                    return (plus && d.Value.Sign >= 0 ? "+" : "") + d.Value.ToString();
                }

                return $"%!d({GoTypeName(v)}={ArgText(v)})";
            case 'x':
            case 'X':
            case 'o':
            case 'b':
                if (v is NumberValue { Value.IsInteger: true } xi)
                {
                    var t = Strings.ToBase(xi.Value.Unscaled, verb switch { 'o' => 8, 'b' => 2, _ => 16 });
                    return verb == 'X' ? t.ToUpperInvariant() : t;
                }

                if (v is StringValue xs && verb is 'x' or 'X')
                {
                    var hex = Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(xs.Value));
                    return verb == 'x' ? hex.ToLowerInvariant() : hex;
                }

                return $"%!{verb}({GoTypeName(v)}={ArgText(v)})";
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G':
                if (v is not NumberValue fv)
                {
                    return $"%!{verb}({GoTypeName(v)}={ArgText(v)})";
                }

                var dbl = fv.Value.ToDouble();
                var text = verb switch
                {
                    'f' or 'F' => fv.Value.IsInteger && precision < 0 ? FixedExact(fv.Value, 6) : dbl.ToString("F" + (precision < 0 ? 6 : precision), CultureInfo.InvariantCulture),
                    'e' or 'E' => GoExp(dbl, precision < 0 ? 6 : precision, verb),
                    _ => precision < 0 ? GoFloat(dbl) : dbl.ToString("G" + precision, CultureInfo.InvariantCulture),
                };
                return (plus && dbl >= 0 ? "+" : "") + text;
            default:
                return $"%!{verb}({GoTypeName(v)}={ArgText(v)})";
        }
    }

    private static string FixedExact(Number n, int digits) =>
        n.ToString() + "." + new string('0', digits);

    private static string GoExp(double d, int precision, char verb)
    {
        var s = d.ToString((verb == 'E' ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        // .NET prints e+006; Go prints e+06.
        var idx = s.IndexOfAny(['e', 'E']);
        var exp = int.Parse(s[(idx + 1)..], CultureInfo.InvariantCulture);
        return s[..(idx + 1)] + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's %v for float64: shortest repr, exponent form outside [1e-4, 1e21).</summary>
    internal static string GoFloat(double d)
    {
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21)
        {
            return d.ToString("0", CultureInfo.InvariantCulture);
        }

        var abs = Math.Abs(d);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e21))
        {
            var r = d.ToString("E16", CultureInfo.InvariantCulture);
            var shortest = d.ToString("R", CultureInfo.InvariantCulture);
            if (shortest.Contains('E', StringComparison.Ordinal))
            {
                var parts = shortest.Split('E');
                var exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
                return parts[0] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            }

            return r;
        }

        return d.ToString("R", CultureInfo.InvariantCulture);
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
