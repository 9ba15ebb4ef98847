using System.Globalization;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>units.parse</c> (SI and binary suffixes) and <c>units.parse_bytes</c>.</summary>
internal static class Units
{
    private static readonly Dictionary<string, Number> Decimal = new(StringComparer.Ordinal)
    {
        [""] = Number.FromLong(1),
        ["m"] = Number.Of(1, 3),
        ["k"] = Number.FromLong(1000), ["K"] = Number.FromLong(1000),
        ["M"] = Number.FromLong(1_000_000), ["G"] = Number.FromLong(1_000_000_000),
        ["T"] = Number.FromLong(1_000_000_000_000), ["P"] = Number.FromLong(1_000_000_000_000_000),
        ["E"] = Number.FromLong(1_000_000_000_000_000_000),
        ["Ki"] = Number.FromLong(1L << 10), ["Mi"] = Number.FromLong(1L << 20), ["Gi"] = Number.FromLong(1L << 30),
        ["Ti"] = Number.FromLong(1L << 40), ["Pi"] = Number.FromLong(1L << 50), ["Ei"] = Number.FromLong(1L << 60),
        ["ki"] = Number.FromLong(1L << 10),
    };

    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("units.parse", 1, (a, c) =>
        {
            var (amount, unit) = Split(c, c.Str(a, 0), "amount");
            var mult = Decimal.TryGetValue(unit, out var m) ? m
                : Decimal.TryGetValue(unit.ToUpperInvariant(), out var m2) && unit.Length == 1 && unit != "m" ? m2
                : throw Fail("units.parse", $"unknown unit {unit}");
            return N(amount * mult);
        });
        add("units.parse_bytes", 1, (a, c) =>
        {
            var (amount, unit) = Split(c, c.Str(a, 0), "byte amount");
            var u = unit.ToLowerInvariant();
            if (u.EndsWith('b'))
            {
                u = u[..^1];
            }

            long mult = u switch
            {
                "" => 1,
                "k" => 1000, "m" => 1_000_000, "g" => 1_000_000_000, "t" => 1_000_000_000_000, "p" => 1_000_000_000_000_000, "e" => 1_000_000_000_000_000_000,
                "ki" => 1L << 10, "mi" => 1L << 20, "gi" => 1L << 30, "ti" => 1L << 40, "pi" => 1L << 50, "ei" => 1L << 60,
                _ => throw Fail("units.parse_bytes", $"byte unit {unit} not recognized"),
            };
            return N((amount * Number.FromLong(mult)).Floor());
        });
    }

    private static (Number Amount, string Unit) Split(BuiltinContext c, string raw, string what)
    {
        var s = raw.Trim('"');
        if (s.Contains(' ', StringComparison.Ordinal))
        {
            throw Fail(c.Name, "spaces not allowed in resource strings");
        }

        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or '-' or '+' || (s[i] is 'e' or 'E' && i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || s[i + 1] is '-' or '+'))))
        {
            i++;
        }

        var num = s[..i];
        if (num.Length == 0)
        {
            throw Fail(c.Name, $"no {what} provided");
        }

        if (!Number.TryParse(num, out var amount) || num.Count(ch => ch == '.') > 1)
        {
            throw Fail(c.Name, $"could not parse {what} to a number");
        }

        _ = CultureInfo.InvariantCulture;
        return (amount, s[i..]);
    }
}
