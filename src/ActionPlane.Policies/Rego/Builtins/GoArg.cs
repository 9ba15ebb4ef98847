using System.Globalization;
using System.Numerics;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>The Go type an OPA <c>sprintf</c> operand reaches <c>fmt</c> as.</summary>
internal enum GoKind
{
    Int,
    BigInt,
    Float,
    String,
}

/// <summary>
/// One <c>sprintf</c> operand as OPA hands it to Go's <c>fmt</c>: a number spelled with a fraction or
/// an exponent is a float64 (or, beyond float64's range, its own text as a string), other numbers are
/// an int or a *big.Int, strings are strings, and any other value is its Rego text as a string.
/// </summary>
internal readonly record struct GoArg(GoKind Kind, BigInteger Integer, double Float, string Text)
{
    public static GoArg Of(Value v)
    {
        switch (v)
        {
            case NumberValue { Text: { } text }:
                var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return double.IsFinite(d) ? new GoArg(GoKind.Float, default, d, text) : new GoArg(GoKind.String, default, 0, text);
            case NumberValue n when !n.Value.IsInteger:
                var computed = n.Value.ToDouble();
                return double.IsFinite(computed) ? new GoArg(GoKind.Float, default, computed, "") : new GoArg(GoKind.String, default, 0, n.Value.ToString());
            case NumberValue n:
                var kind = n.Value.Unscaled >= long.MinValue && n.Value.Unscaled <= long.MaxValue ? GoKind.Int : GoKind.BigInt;
                return new GoArg(kind, n.Value.Unscaled, 0, "");
            case StringValue s:
                return new GoArg(GoKind.String, default, 0, s.Value);
            default:
                return new GoArg(GoKind.String, default, 0, StringsMore.RegoText(v));
        }
    }

    /// <summary>The Go type name that <c>fmt</c> prints in <c>%!verb(type=value)</c> and <c>%!(EXTRA ...)</c>.</summary>
    public string TypeName => Kind switch
    {
        GoKind.Int => "int",
        GoKind.BigInt => "*big.Int",
        GoKind.Float => "float64",
        _ => "string",
    };

    /// <summary>The operand as <c>%v</c> prints it.</summary>
    public string Plain => Kind switch
    {
        GoKind.Int or GoKind.BigInt => Integer.ToString(CultureInfo.InvariantCulture),
        GoKind.Float => GoFloat.V(Float),
        _ => Text,
    };
}
