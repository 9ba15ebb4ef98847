using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>glob.match</c> (gobwas/glob syntax, compiled to a regex) and <c>glob.quote_meta</c>.</summary>
internal static class Globs
{
    private static readonly ConcurrentDictionary<(string, string), Regex> Cache = new();

    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("glob.match", 3, (a, c) =>
        {
            var pattern = c.Str(a, 0);
            var delimiters = a[1] switch
            {
                NullValue => "",
                ArrayValue { Count: 0 } => ".",
                ArrayValue arr => string.Concat(arr.Items.Select(v => v is StringValue s ? s.Value : throw TypeError(c.Name, 2, "array of strings", a[1]))),
                _ => throw TypeError(c.Name, 2, "array", a[1]),
            };
            var regex = Cache.GetOrAdd((pattern, delimiters), key => Compile(c, key.Item1, key.Item2));
            return B(regex.IsMatch(c.Str(a, 2)));
        });
        add("glob.quote_meta", 1, (a, c) =>
        {
            var sb = new StringBuilder();
            foreach (var ch in c.Str(a, 0))
            {
                if (ch is '*' or '?' or '\\' or '[' or ']' or '{' or '}')
                {
                    sb.Append('\\');
                }

                sb.Append(ch);
            }

            return S(sb.ToString());
        });
    }

    private static Regex Compile(BuiltinContext c, string pattern, string delimiters)
    {
        var notDelim = delimiters.Length == 0 ? "." : "[^" + Regex.Escape(delimiters).Replace("]", "\\]", StringComparison.Ordinal) + "]";
        var sb = new StringBuilder("^");
        var i = 0;
        Translate(c, pattern, ref i, sb, notDelim, inBraces: false);
        if (i < pattern.Length)
        {
            throw Fail(c.Name, $"unexpected '{pattern[i]}' in glob pattern");
        }

        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static void Translate(BuiltinContext c, string p, ref int i, StringBuilder sb, string notDelim, bool inBraces)
    {
        while (i < p.Length)
        {
            var ch = p[i];
            if (inBraces && ch is ',' or '}')
            {
                return;
            }

            i++;
            switch (ch)
            {
                case '*' when i < p.Length && p[i] == '*':
                    i++;
                    sb.Append(".*");
                    break;
                case '*':
                    sb.Append(notDelim).Append('*');
                    break;
                case '?':
                    sb.Append(notDelim);
                    break;
                case '\\':
                    if (i >= p.Length)
                    {
                        throw Fail(c.Name, "unexpected end of glob pattern after escape");
                    }

                    sb.Append(Regex.Escape(p[i++].ToString()));
                    break;
                case '[':
                    var end = p.IndexOf(']', i);
                    if (end < 0)
                    {
                        throw Fail(c.Name, "unclosed character class in glob pattern");
                    }

                    var body = p[i..end];
                    i = end + 1;
                    var negate = body.StartsWith('!');
                    if (negate)
                    {
                        body = body[1..];
                    }

                    sb.Append('[').Append(negate ? "^" : "").Append(body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
                    break;
                case '{':
                    sb.Append("(?:");
                    while (true)
                    {
                        Translate(c, p, ref i, sb, notDelim, inBraces: true);
                        if (i >= p.Length)
                        {
                            throw Fail(c.Name, "unclosed alternation in glob pattern");
                        }

                        if (p[i++] == '}')
                        {
                            break;
                        }

                        sb.Append('|');
                    }

                    sb.Append(')');
                    break;
                default:
                    sb.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }
    }
}
