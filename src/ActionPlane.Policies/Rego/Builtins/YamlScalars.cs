using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>
/// How OPA's YAML library (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 rules) reads an unquoted
/// scalar: <c>yes</c>/<c>off</c> are booleans, <c>~</c> is null, <c>0x1F</c> and <c>1_000</c> are
/// integers. The same rules decide which strings <c>yaml.marshal</c> must quote.
/// </summary>
internal static partial class YamlScalars
{
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> Trues = ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"];
    private static readonly HashSet<string> Falses = ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"];
    private static readonly HashSet<string> Specials = [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"];

    /// <summary>The value of a plain scalar; null for a non-finite float (<c>.inf</c>, <c>.nan</c>), which is YAML but not JSON.</summary>
    public static Value? Resolve(string s)
    {
        if (Nulls.Contains(s))
        {
            return Value.Null;
        }

        if (Trues.Contains(s))
        {
            return Value.True;
        }

        if (Falses.Contains(s))
        {
            return Value.False;
        }

        if (Specials.Contains(s))
        {
            return null;
        }

        if (s.Length > 0 && (char.IsAsciiDigit(s[0]) || s[0] is '-' or '+' or '.'))
        {
            var plain = s.Replace("_", "", StringComparison.Ordinal);
            if (TryInteger(plain, out var n))
            {
                return new NumberValue(n);
            }

            if (FloatSyntax().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                // go-yaml yields a float64, which JSON then prints in its shortest form.
                var text = d.ToString("R", CultureInfo.InvariantCulture);
                Number.TryParse(text, out var fn);
                return NumberValue.FromText(fn, text);
            }
        }

        return new StringValue(s);
    }

    /// <summary>True when a string must be quoted so that it reads back as the same string (go-yaml's rule).</summary>
    public static bool NeedsQuotes(string s) => Resolve(s) is not StringValue || Base60().IsMatch(s) || Timestamp().IsMatch(s);

    /// <summary>What Go's JSON encoder says about a non-finite float.</summary>
    public static string NonFiniteError(string s) =>
        $"json: unsupported value: {(s.Contains("nan", StringComparison.OrdinalIgnoreCase) ? "NaN" : s.StartsWith('-') ? "-Inf" : "+Inf")}";

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c> then <c>ParseUint</c>: decimal, <c>0x</c>, <c>0o</c>/leading-zero octal, <c>0b</c>.</summary>
    private static bool TryInteger(string s, out Number n)
    {
        n = default;
        var body = s;
        var negative = false;
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        var radix = 10;
        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'X' or 'b' or 'B' or 'o' or 'O')
        {
            radix = body[1] switch { 'x' or 'X' => 16, 'b' or 'B' => 2, _ => 8 };
            body = body[2..];
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            radix = 8;
            body = body[1..];
        }

        if (body.Length == 0)
        {
            return false;
        }

        System.Numerics.BigInteger value = 0;
        foreach (var ch in body)
        {
            var digit = char.IsAsciiDigit(ch) ? ch - '0' : char.IsAsciiLetter(ch) ? char.ToLowerInvariant(ch) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return false;
            }

            value = value * radix + digit;
        }

        value = negative ? -value : value;
        if (value < long.MinValue || value > ulong.MaxValue || (negative && value > 0))
        {
            return false;
        }

        n = Number.Of(value);
        return true;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatSyntax();

    // go-yaml reads these as timestamps when unquoted (and hands them back as strings).
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?$")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")]
    private static partial Regex Base60();

    /// <summary>go-yaml v2's map key order: letters before digits, runs of digits compared as numbers.</summary>
    public static int CompareKeys(string a, string b)
    {
        var ar = a.EnumerateRunes().ToArray();
        var br = b.EnumerateRunes().ToArray();
        for (var i = 0; i < ar.Length && i < br.Length; i++)
        {
            if (ar[i] == br[i])
            {
                continue;
            }

            var al = Rune.IsLetter(ar[i]);
            var bl = Rune.IsLetter(br[i]);
            if (al && bl)
            {
                return ar[i].Value.CompareTo(br[i].Value);
            }

            if (al || bl)
            {
                return bl ? -1 : 1;
            }

            long an = 0, bn = 0;
            if (ar[i].Value == '0' || br[i].Value == '0')
            {
                for (var j = i - 1; j >= 0 && Rune.IsDigit(ar[j]); j--)
                {
                    if (ar[j].Value != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }

            int ai, bi;
            for (ai = i; ai < ar.Length && Rune.IsDigit(ar[ai]); ai++)
            {
                an = (an * 10) + (ar[ai].Value - '0');
            }

            for (bi = i; bi < br.Length && Rune.IsDigit(br[bi]); bi++)
            {
                bn = (bn * 10) + (br[bi].Value - '0');
            }

            if (an != bn)
            {
                return an.CompareTo(bn);
            }

            if (ai != bi)
            {
                return ai.CompareTo(bi);
            }

            return ar[i].Value.CompareTo(br[i].Value);
        }

        return ar.Length.CompareTo(br.Length);
    }
}
