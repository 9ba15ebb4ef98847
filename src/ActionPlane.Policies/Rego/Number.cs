using System.Globalization;
using System.Numerics;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// An exact decimal number: <c>Unscaled × 10^-Scale</c>, normalised so equal values are equal structs.
/// Integers of any size and decimals from JSON stay exact; only non-terminating divisions round.
/// </summary>
internal readonly struct Number : IEquatable<Number>, IComparable<Number>
{
    public BigInteger Unscaled { get; }
    public int Scale { get; }

    private Number(BigInteger unscaled, int scale)
    {
        while (scale > 0 && !unscaled.IsZero && unscaled % 10 == 0)
        {
            unscaled /= 10;
            scale--;
        }

        if (unscaled.IsZero)
        {
            scale = 0;
        }

        if (scale < 0)
        {
            unscaled *= BigInteger.Pow(10, -scale);
            scale = 0;
        }

        Unscaled = unscaled;
        Scale = scale;
    }

    public static Number Of(BigInteger unscaled, int scale = 0) => new(unscaled, scale);

    public static Number FromLong(long value) => new(value, 0);

    public bool IsInteger => Scale == 0;

    public bool IsZero => Unscaled.IsZero;

    public int Sign => Unscaled.Sign;

    public static bool TryParse(string text, out Number number)
    {
        number = default;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        var exponent = 0;
        var e = s.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!int.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 100_000)
            {
                return false;
            }

            s = s[..e];
        }

        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var dot = s.IndexOf('.');
        var digits = dot >= 0 ? string.Concat(s[..dot], s[(dot + 1)..]) : s.ToString();
        var scale = dot >= 0 ? s.Length - dot - 1 : 0;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var value = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        number = new Number(negative ? -value : value, scale - exponent);
        return true;
    }

    public static Number FromDouble(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new RegoException(RegoException.BuiltinError, "non-finite number");
        }

        TryParse(d.ToString("R", CultureInfo.InvariantCulture), out var n);
        return n;
    }

    public double ToDouble() => double.Parse(ToString(), CultureInfo.InvariantCulture);

    public bool TryToInt(out int value)
    {
        value = 0;
        if (!IsInteger || Unscaled > int.MaxValue || Unscaled < int.MinValue)
        {
            return false;
        }

        value = (int)Unscaled;
        return true;
    }

    public bool TryToLong(out long value)
    {
        value = 0;
        if (!IsInteger || Unscaled > long.MaxValue || Unscaled < long.MinValue)
        {
            return false;
        }

        value = (long)Unscaled;
        return true;
    }

    private static (BigInteger A, BigInteger B, int Scale) Align(Number a, Number b)
    {
        if (a.Scale == b.Scale)
        {
            return (a.Unscaled, b.Unscaled, a.Scale);
        }

        return a.Scale > b.Scale
            ? (a.Unscaled, b.Unscaled * BigInteger.Pow(10, a.Scale - b.Scale), a.Scale)
            : (a.Unscaled * BigInteger.Pow(10, b.Scale - a.Scale), b.Unscaled, b.Scale);
    }

    public static Number operator +(Number a, Number b)
    {
        var (x, y, s) = Align(a, b);
        return new Number(x + y, s);
    }

    public static Number operator -(Number a, Number b)
    {
        var (x, y, s) = Align(a, b);
        return new Number(x - y, s);
    }

    public static Number operator -(Number a) => new(-a.Unscaled, a.Scale);

    public static Number operator *(Number a, Number b) => new(a.Unscaled * b.Unscaled, a.Scale + b.Scale);

    /// <summary>Exact when the quotient terminates within 40 digits, otherwise rounded like a double.</summary>
    public static Number Divide(Number a, Number b)
    {
        var (x, y, _) = Align(a, b);
        for (var k = 0; k <= 40; k++)
        {
            var n = x * BigInteger.Pow(10, k);
            var q = BigInteger.DivRem(n, y, out var r);
            if (r.IsZero)
            {
                return new Number(q, k);
            }
        }

        return FromDouble(a.ToDouble() / b.ToDouble());
    }

    /// <summary>Remainder for integers (sign of the dividend, like Go's big.Int.Rem).</summary>
    public static Number Remainder(Number a, Number b) => new(BigInteger.Remainder(a.Unscaled, b.Unscaled), 0);

    public Number Floor()
    {
        if (IsInteger)
        {
            return this;
        }

        var p = BigInteger.Pow(10, Scale);
        var q = BigInteger.DivRem(Unscaled, p, out var r);
        return new Number(r.Sign < 0 ? q - 1 : q, 0);
    }

    public Number Ceiling() => -(-this).Floor();

    /// <summary>Rounds half away from zero, like Go's math.Round used by OPA.</summary>
    public Number Round()
    {
        if (IsInteger)
        {
            return this;
        }

        var abs = new Number(BigInteger.Abs(Unscaled), Scale);
        var rounded = (abs + new Number(5, 1)).Floor();
        return Sign < 0 ? -rounded : rounded;
    }

    public Number Abs() => new(BigInteger.Abs(Unscaled), Scale);

    public int CompareTo(Number other)
    {
        var (x, y, _) = Align(this, other);
        return x.CompareTo(y);
    }

    public bool Equals(Number other) => Unscaled == other.Unscaled && Scale == other.Scale;

    public override bool Equals(object? obj) => obj is Number n && Equals(n);

    public override int GetHashCode() => HashCode.Combine(Unscaled, Scale);

    public override string ToString()
    {
        if (Scale == 0)
        {
            return Unscaled.ToString(CultureInfo.InvariantCulture);
        }

        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        var text = digits[..^Scale] + "." + digits[^Scale..];
        return Unscaled.Sign < 0 ? "-" + text : text;
    }
}
