using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Regular-expression builtins; patterns are compiled once and matched with a timeout.</summary>
internal static class Regexes
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new();

    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("regex.match", 2, (a, c) => B(Compile(c, c.Str(a, 0)).IsMatch(c.Str(a, 1))));
        add("re_match", 2, (a, c) => B(Compile(c, c.Str(a, 0)).IsMatch(c.Str(a, 1))));
        add("regex.is_valid", 1, (a, c) =>
        {
            if (a[0] is not StringValue s)
            {
                return Value.False;
            }

            try
            {
                Compile(c, s.Value);
                return Value.True;
            }
            catch (RegoException)
            {
                return Value.False;
            }
        });
        add("regex.split", 2, (a, c) => A(Compile(c, c.Str(a, 0)).Split(c.Str(a, 1)).Select(S)));
        add("regex.replace", 3, (a, c) =>
        {
            var repl = c.Str(a, 2);
            // Go's ${1} / $1 expansion maps onto .NET's; a lone $ followed by a name stays literal enough for policies.
            return S(Compile(c, c.Str(a, 1)).Replace(c.Str(a, 0), repl));
        });
        add("regex.template_match", 4, (a, c) =>
        {
            // Text between the delimiters is a regular expression; everything else matches literally.
            var (template, value, open, close) = (c.Str(a, 0), c.Str(a, 1), c.Str(a, 2), c.Str(a, 3));
            if (open.Length != 1 || close.Length != 1)
            {
                throw Fail(c.Name, "delimiters must be single characters");
            }

            var pattern = new System.Text.StringBuilder("^");
            var depth = 0;
            var start = 0;
            for (var i = 0; i < template.Length; i++)
            {
                if (template[i] == open[0])
                {
                    if (depth++ == 0)
                    {
                        pattern.Append(Regex.Escape(template[start..i]));
                        start = i + 1;
                    }
                }
                else if (template[i] == close[0] && depth > 0 && --depth == 0)
                {
                    pattern.Append('(').Append(template[start..i]).Append(')');
                    start = i + 1;
                }
            }

            if (depth != 0)
            {
                throw Fail(c.Name, $"unbalanced delimiters in template {template}");
            }

            pattern.Append(Regex.Escape(template[start..])).Append('$');
            return B(Compile(c, pattern.ToString()).IsMatch(value));
        });
        add("regex.find_n", 3, (a, c) =>
        {
            var n = c.Int(a, 2);
            var matches = Compile(c, c.Str(a, 0)).Matches(c.Str(a, 1)).Select(m => S(m.Value));
            return A(n < 0 ? matches : matches.Take(n));
        });
        add("regex.find_all_string_submatch_n", 3, (a, c) =>
        {
            var n = c.Int(a, 2);
            var matches = Compile(c, c.Str(a, 0)).Matches(c.Str(a, 1))
                .Select(m => (Value)A(m.Groups.Cast<Group>().Select(g => S(g.Value))));
            return A(n < 0 ? matches : matches.Take(n));
        });
    }

    private static Regex Compile(BuiltinContext c, string pattern)
    {
        if (Cache.TryGetValue(pattern, out var re))
        {
            return re;
        }

        try
        {
            re = new Regex(Translate(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw Fail(c.Name, "error parsing regexp: " + e.Message);
        }

        return Cache.Count < 1000 ? Cache.GetOrAdd(pattern, re) : re;
    }

    /// <summary>RE2 spells a few things differently: <c>\z</c> is end of text, <c>(?P&lt;n&gt;)</c> names a group.</summary>
    private static string Translate(string pattern) => pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
}
