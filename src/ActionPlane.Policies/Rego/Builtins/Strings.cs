using System.Globalization;
using System.Numerics;
using System.Text;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>String builtins: concat, contains, trim*, split, replace, substring, indexof, format_int, ...</summary>
internal static class Strings
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("concat", 2, (a, c) =>
        {
            var sep = c.Str(a, 0);
            var parts = c.Elements(a, 1).Select(v => v is StringValue s ? s.Value : throw TypeError("concat", 2, "set of strings", a[1]));
            return S(string.Join(sep, parts));
        });
        add("contains", 2, (a, c) => B(c.Str(a, 0).Contains(c.Str(a, 1), StringComparison.Ordinal)));
        add("startswith", 2, (a, c) => B(c.Str(a, 0).StartsWith(c.Str(a, 1), StringComparison.Ordinal)));
        add("endswith", 2, (a, c) => B(c.Str(a, 0).EndsWith(c.Str(a, 1), StringComparison.Ordinal)));
        add("lower", 1, (a, c) => S(c.Str(a, 0).ToLowerInvariant()));
        add("upper", 1, (a, c) => S(c.Str(a, 0).ToUpperInvariant()));
        add("split", 2, (a, c) =>
        {
            var (s, sep) = (c.Str(a, 0), c.Str(a, 1));
            return sep.Length == 0
                ? A(s.EnumerateRunes().Select(r => S(r.ToString())))
                : A(s.Split(sep).Select(S));
        });
        add("trim", 2, (a, c) => S(c.Str(a, 0).Trim(c.Str(a, 1).ToCharArray())));
        add("trim_left", 2, (a, c) => S(c.Str(a, 0).TrimStart(c.Str(a, 1).ToCharArray())));
        add("trim_right", 2, (a, c) => S(c.Str(a, 0).TrimEnd(c.Str(a, 1).ToCharArray())));
        add("trim_space", 1, (a, c) => S(c.Str(a, 0).Trim()));
        add("trim_prefix", 2, (a, c) =>
        {
            var (s, p) = (c.Str(a, 0), c.Str(a, 1));
            return S(s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s);
        });
        add("trim_suffix", 2, (a, c) =>
        {
            var (s, p) = (c.Str(a, 0), c.Str(a, 1));
            return S(s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s);
        });
        add("replace", 3, (a, c) =>
        {
            var (s, old, repl) = (c.Str(a, 0), c.Str(a, 1), c.Str(a, 2));
            return S(old.Length == 0 ? InsertEverywhere(s, repl) : s.Replace(old, repl, StringComparison.Ordinal));
        });
        add("strings.replace_n", 2, ReplaceN);
        add("indexof", 2, (a, c) =>
        {
            var (s, sub) = (c.Str(a, 0), c.Str(a, 1));
            var idx = s.IndexOf(sub, StringComparison.Ordinal);
            return N(idx < 0 ? -1 : RuneIndex(s, idx));
        });
        add("indexof_n", 2, (a, c) =>
        {
            var (s, sub) = (c.Str(a, 0), c.Str(a, 1));
            var list = new List<Value>();
            if (sub.Length > 0)
            {
                for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + 1, StringComparison.Ordinal))
                {
                    list.Add(N(RuneIndex(s, i)));
                }
            }

            return A(list);
        });
        add("substring", 3, (a, c) =>
        {
            var runes = c.Str(a, 0).EnumerateRunes().ToArray();
            var start = c.Int(a, 1);
            var length = c.Int(a, 2);
            if (start < 0)
            {
                throw Fail("substring", "negative offset");
            }

            if (start >= runes.Length)
            {
                return S("");
            }

            var end = length < 0 || start + (long)length > runes.Length ? runes.Length : start + length;
            return S(string.Concat(runes[start..end].Select(r => r.ToString())));
        });
        add("strings.reverse", 1, (a, c) => S(string.Concat(c.Str(a, 0).EnumerateRunes().Reverse().Select(r => r.ToString()))));
        add("strings.count", 2, (a, c) =>
        {
            var (s, sub) = (c.Str(a, 0), c.Str(a, 1));
            if (sub.Length == 0)
            {
                return N(s.EnumerateRunes().Count() + 1);
            }

            var n = 0;
            for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
            {
                n++;
            }

            return N(n);
        });
        add("strings.any_prefix_match", 2, (a, c) => AnyMatch(a, c, (s, p) => s.StartsWith(p, StringComparison.Ordinal)));
        add("strings.any_suffix_match", 2, (a, c) => AnyMatch(a, c, (s, p) => s.EndsWith(p, StringComparison.Ordinal)));
        add("format_int", 2, (a, c) =>
        {
            var n = c.Num(a, 0);
            var b = c.Int(a, 1);
            if (b is not (2 or 8 or 10 or 16))
            {
                throw Fail("format_int", "operand 2 must be one of {2, 8, 10, 16}");
            }

            var i = n.Sign < 0 ? n.Ceiling() : n.Floor();
            return S(ToBase(i.Unscaled, b));
        });
    }

    private static int RuneIndex(string s, int charIndex) => s[..charIndex].EnumerateRunes().Count();

    private static string InsertEverywhere(string s, string repl)
    {
        var sb = new StringBuilder(repl);
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(r.ToString()).Append(repl);
        }

        return sb.ToString();
    }

    private static Value ReplaceN(Value[] a, BuiltinContext c)
    {
        var patterns = c.Obj(a, 0);
        var s = c.Str(a, 1);
        var pairs = new List<(string Old, string New)>();
        foreach (var (k, v) in patterns.Sorted)
        {
            if (k is not StringValue ks)
            {
                throw new RegoException(RegoException.TypeError, "strings.replace_n: operand 1 non-string key found in pattern object");
            }

            if (v is not StringValue vs)
            {
                throw new RegoException(RegoException.TypeError, "strings.replace_n: operand 1 non-string value found in pattern object");
            }

            pairs.Add((ks.Value, vs.Value));
        }

        // Like Go's strings.NewReplacer: one left-to-right pass, first matching pattern (in sorted order) wins.
        var sb = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            var matched = false;
            foreach (var (old, repl) in pairs)
            {
                if (old.Length > 0 && string.CompareOrdinal(s, i, old, 0, old.Length) == 0)
                {
                    sb.Append(repl);
                    i += old.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                sb.Append(s[i]);
                i++;
            }
        }

        return S(sb.ToString());
    }

    private static Value AnyMatch(Value[] a, BuiltinContext c, Func<string, string, bool> match)
    {
        IEnumerable<string> Strs(int i) => a[i] switch
        {
            StringValue s => [s.Value],
            ArrayValue or SetValue => c.Elements(a, i).Select(v => v is StringValue s
                ? s.Value
                : throw new RegoException(RegoException.TypeError, $"{c.Name}: operand {i + 1} must be {(a[i] is SetValue ? "set" : "array")} of strings but got {(a[i] is SetValue ? "set" : "array")} containing {v.TypeName}")),
            _ => throw TypeError(c.Name, i + 1, "one of {string, set, array}", a[i]),
        };
        var subjects = Strs(0).ToList();
        var patterns = Strs(1).ToList();
        return B(subjects.Any(s => patterns.Any(p => match(s, p))));
    }

    internal static string ToBase(BigInteger value, int b)
    {
        if (b == 10)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        if (value.IsZero)
        {
            return "0";
        }

        var neg = value.Sign < 0;
        value = BigInteger.Abs(value);
        var sb = new StringBuilder();
        while (!value.IsZero)
        {
            var d = (int)(value % b);
            sb.Insert(0, "0123456789abcdef"[d]);
            value /= b;
        }

        return (neg ? "-" : "") + sb;
    }
}
