using System.Globalization;
using System.Text;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>
/// Go's <c>fmt</c> verbs for a float64 (<c>%v %g %e %f</c>), which <c>sprintf</c> must match: .NET's
/// own formats differ in the exponent's width and in when the exponent form is chosen.
/// </summary>
internal static class GoFloat
{
    /// <summary>Go's <c>%v</c>: shortest digits that round-trip, exponent form when the exponent is below -4 or at least 6.</summary>
    public static string V(double d) => G(d, -1);

    /// <summary>Go's <c>%g</c> / <c>%G</c> with a precision (-1: the shortest digits, as <c>%v</c>).</summary>
    public static string G(double d, int precision, char e = 'e')
    {
        if (!double.IsFinite(d))
        {
            return NonFinite(d);
        }

        var neg = double.IsNegative(d);
        var (digits, dp) = precision < 0 ? Shortest(Math.Abs(d)) : Rounded(Math.Abs(d), Math.Max(precision, 1));
        var prec = precision < 0 ? digits.Length : Math.Max(precision, 1);
        var eprec = prec;
        if (eprec > digits.Length && digits.Length >= dp)
        {
            eprec = digits.Length;
        }

        if (precision < 0)
        {
            eprec = 6;
        }

        var exp = dp - 1;
        string body;
        if (digits.Length > 0 && (exp < -4 || exp >= eprec))
        {
            body = FormatE(digits, dp, Math.Min(prec, digits.Length) - 1, e);
        }
        else
        {
            body = FormatF(digits, dp, Math.Max((prec > dp ? digits.Length : prec) - dp, 0));
        }

        return neg ? "-" + body : body;
    }

    /// <summary>Go's <c>%e</c> / <c>%E</c>: a two-digit exponent at least.</summary>
    public static string E(double d, int precision, char e)
    {
        if (!double.IsFinite(d))
        {
            return NonFinite(d);
        }

        var s = d.ToString((e == 'E' ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        var idx = s.IndexOf(e);
        var exp = int.Parse(s[(idx + 1)..], CultureInfo.InvariantCulture);
        return s[..(idx + 1)] + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's <c>%f</c>.</summary>
    public static string F(double d, int precision) =>
        double.IsFinite(d) ? d.ToString("F" + precision, CultureInfo.InvariantCulture) : NonFinite(d);

    private static string NonFinite(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";

    /// <summary>The shortest digits that round-trip, without leading or trailing zeros, and the decimal point's position.</summary>
    private static (string Digits, int Dp) Shortest(double abs) =>
        abs == 0 ? ("", 0) : Split(abs.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The value rounded to <paramref name="significant"/> digits (trailing zeros dropped, like Go's decimal).</summary>
    private static (string Digits, int Dp) Rounded(double abs, int significant) =>
        abs == 0 ? ("", 0) : Split(abs.ToString("E" + (significant - 1), CultureInfo.InvariantCulture));

    private static (string Digits, int Dp) Split(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        var mantissa = e >= 0 ? text[..e] : text;
        var exp = e >= 0 ? int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        var dp = (dot >= 0 ? dot : mantissa.Length) + exp;
        var lead = 0;
        while (lead < digits.Length && digits[lead] == '0')
        {
            lead++;
        }

        return (digits[lead..].TrimEnd('0'), dp - lead);
    }

    private static string FormatE(string digits, int dp, int prec, char e)
    {
        var sb = new StringBuilder();
        sb.Append(digits.Length > 0 ? digits[0] : '0');
        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= prec; i++)
            {
                sb.Append(i < digits.Length ? digits[i] : '0');
            }
        }

        var exp = digits.Length == 0 ? 0 : dp - 1;
        sb.Append(e).Append(exp < 0 ? '-' : '+');
        return sb.Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture)).ToString();
    }

    private static string FormatF(string digits, int dp, int prec)
    {
        var sb = new StringBuilder();
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++)
            {
                sb.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        else
        {
            sb.Append('0');
        }

        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 0; i < prec; i++)
            {
                var j = dp + i;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }

        return sb.ToString();
    }
}
