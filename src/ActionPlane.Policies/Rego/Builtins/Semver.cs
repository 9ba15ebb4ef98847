using System.Numerics;
using System.Text.RegularExpressions;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>semver.is_valid</c> and <c>semver.compare</c> per SemVer 2.0 precedence.</summary>
internal static partial class Semver
{
    [GeneratedRegex(@"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex Pattern();

    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("semver.is_valid", 1, (a, _) => B(a[0] is StringValue s && Pattern().IsMatch(s.Value)));
        add("semver.compare", 2, (a, c) => N(Compare(Parse(c, a, 0), Parse(c, a, 1))));
    }

    private static Match Parse(BuiltinContext c, Value[] a, int i)
    {
        var s = c.Str(a, i);
        var m = Pattern().Match(s);
        return m.Success ? m : throw Fail(c.Name, $"operand {i + 1}: string \"{s}\" is not a valid SemVer");
    }

    private static int Compare(Match x, Match y)
    {
        for (var g = 1; g <= 3; g++)
        {
            var cmp = BigInteger.Parse(x.Groups[g].Value).CompareTo(BigInteger.Parse(y.Groups[g].Value));
            if (cmp != 0)
            {
                return Math.Sign(cmp);
            }
        }

        var (px, py) = (x.Groups[4].Value, y.Groups[4].Value);
        if (px.Length == 0 || py.Length == 0)
        {
            return px.Length == py.Length ? 0 : px.Length == 0 ? 1 : -1;
        }

        var (ix, iy) = (px.Split('.'), py.Split('.'));
        for (var i = 0; i < Math.Min(ix.Length, iy.Length); i++)
        {
            var nx = BigInteger.TryParse(ix[i], out var vx);
            var ny = BigInteger.TryParse(iy[i], out var vy);
            var cmp = (nx, ny) switch
            {
                (true, true) => vx.CompareTo(vy),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(ix[i], iy[i]),
            };
            if (cmp != 0)
            {
                return Math.Sign(cmp);
            }
        }

        return ix.Length.CompareTo(iy.Length);
    }
}
