using System.Numerics;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Comparison, arithmetic, set operators, membership and number builtins.</summary>
internal static class Operators
{
    /// <summary><c>x in coll</c>: an element of an array or set, or a value of an object.</summary>
    private static bool IsMember(Value x, Value coll)
    {
        switch (coll)
        {
            case ArrayValue a:
                foreach (var item in a.Items)
                {
                    if (item.Equals(x))
                    {
                        return true;
                    }
                }

                return false;
            case SetValue s:
                return s.Contains(x);
            case ObjectValue o:
                foreach (var v in o.Map.Values)
                {
                    if (v.Equals(x))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("equal", 2, (a, _) => B(a[0].Equals(a[1])));
        add("neq", 2, (a, _) => B(!a[0].Equals(a[1])));
        add("lt", 2, (a, _) => B(a[0].CompareTo(a[1]) < 0));
        add("lte", 2, (a, _) => B(a[0].CompareTo(a[1]) <= 0));
        add("gt", 2, (a, _) => B(a[0].CompareTo(a[1]) > 0));
        add("gte", 2, (a, _) => B(a[0].CompareTo(a[1]) >= 0));
        add("plus", 2, (a, c) => N(c.Num(a, 0) + c.Num(a, 1)));
        add("mul", 2, (a, c) => N(c.Num(a, 0) * c.Num(a, 1)));
        add("minus", 2, Minus);
        add("div", 2, (a, c) =>
        {
            var (x, y) = (c.Num(a, 0), c.Num(a, 1));
            return y.IsZero ? throw Fail("div", "divide by zero") : N(Number.Divide(x, y));
        });
        add("rem", 2, (a, c) =>
        {
            var (x, y) = (c.Num(a, 0), c.Num(a, 1));
            if (!x.IsInteger || !y.IsInteger)
            {
                throw Fail("rem", "modulo on floating-point number");
            }

            return y.IsZero ? throw Fail("rem", "modulo by zero") : N(Number.Remainder(x, y));
        });
        add("and", 2, (a, c) =>
        {
            var (x, y) = (c.Set(a, 0), c.Set(a, 1));
            return new SetValue(x.Items.Where(y.Contains));
        });
        add("or", 2, (a, c) =>
        {
            var (x, y) = (c.Set(a, 0), c.Set(a, 1));
            return new SetValue(x.Items.Concat(y.Items));
        });
        add("internal.member_2", 2, (a, _) => B(IsMember(a[0], a[1])));
        add("internal.member_3", 3, (a, _) => B(a[2] is ArrayValue or ObjectValue && Evaluator.Lookup(a[2], a[0]) is { } v && v.Equals(a[1])));
        add("abs", 1, (a, c) => N(c.Num(a, 0).Abs()));
        add("round", 1, (a, c) => N(c.Num(a, 0).Round()));
        add("ceil", 1, (a, c) => N(c.Num(a, 0).Ceiling()));
        add("floor", 1, (a, c) => N(c.Num(a, 0).Floor()));
        add("numbers.range", 2, (a, c) => Range(c, BigInt(c, a, 0), BigInt(c, a, 1), 1));
        add("numbers.range_step", 3, (a, c) =>
        {
            var step = BigInt(c, a, 2);
            return step <= 0 ? throw Fail(c.Name, "step must be a positive integer") : Range(c, BigInt(c, a, 0), BigInt(c, a, 1), step);
        });
        add("bits.or", 2, (a, c) => N(Number.Of(BigInt(c, a, 0) | BigInt(c, a, 1))));
        add("bits.and", 2, (a, c) => N(Number.Of(BigInt(c, a, 0) & BigInt(c, a, 1))));
        add("bits.xor", 2, (a, c) => N(Number.Of(BigInt(c, a, 0) ^ BigInt(c, a, 1))));
        add("bits.negate", 1, (a, c) => N(Number.Of(-BigInt(c, a, 0) - 1)));
        add("bits.lsh", 2, (a, c) => N(Number.Of(BigInt(c, a, 0) << Shift(c, a))));
        add("bits.rsh", 2, (a, c) => N(Number.Of(BigInt(c, a, 0) >> Shift(c, a))));
    }

    private static Value? Minus(Value[] a, BuiltinContext c)
    {
        if (a[0] is NumberValue x && a[1] is NumberValue y)
        {
            return N(x.Value - y.Value);
        }

        if (a[0] is SetValue s && a[1] is SetValue t)
        {
            return new SetValue(s.Items.Where(v => !t.Contains(v)));
        }

        if (a[0] is not (NumberValue or SetValue))
        {
            throw TypeError("minus", 1, "one of {number, set}", a[0]);
        }

        throw TypeError("minus", 2, a[0] is NumberValue ? "number" : "set", a[1]);
    }

    private static ArrayValue Range(BuiltinContext c, BigInteger from, BigInteger to, BigInteger step)
    {
        if (BigInteger.Abs(to - from) / step > 10_000_000)
        {
            throw Fail(c.Name, "range too large");
        }

        var items = new List<Value>();
        if (from <= to)
        {
            for (var i = from; i <= to; i += step)
            {
                items.Add(N(Number.Of(i)));
            }
        }
        else
        {
            for (var i = from; i >= to; i -= step)
            {
                items.Add(N(Number.Of(i)));
            }
        }

        return new ArrayValue(items);
    }

    private static BigInteger BigInt(BuiltinContext c, Value[] a, int i)
    {
        var n = c.Num(a, i);
        return n.IsInteger ? n.Unscaled : throw new RegoException(RegoException.TypeError, $"{c.Name}: operand {i + 1} must be integer number but got floating-point number");
    }

    private static int Shift(BuiltinContext c, Value[] a)
    {
        var n = BigInt(c, a, 1);
        if (n.Sign < 0)
        {
            throw new RegoException(RegoException.TypeError, $"{c.Name}: operand 2 must be an unsigned integer number but got a negative integer");
        }

        return n > 100_000 ? throw Fail(c.Name, "shift too large") : (int)n;
    }
}
