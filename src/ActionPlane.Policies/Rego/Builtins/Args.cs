namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Operand checks shared by builtins, with OPA's error wording.</summary>
internal static class Args
{
    public static RegoException TypeError(string fn, int pos, string expected, Value got) =>
        new(RegoException.TypeError, $"{fn}: operand {pos} must be {expected} but got {got.TypeName}");

    public static RegoException Fail(string fn, string message) =>
        new(RegoException.BuiltinError, $"{fn}: {message}");

    public static string Str(this BuiltinContext c, Value[] a, int i) =>
        a[i] is StringValue s ? s.Value : throw TypeError(c.Name, i + 1, "string", a[i]);

    public static Number Num(this BuiltinContext c, Value[] a, int i) =>
        a[i] is NumberValue n ? n.Value : throw TypeError(c.Name, i + 1, "number", a[i]);

    public static int Int(this BuiltinContext c, Value[] a, int i)
    {
        var n = c.Num(a, i);
        if (!n.IsInteger)
        {
            throw new RegoException(RegoException.TypeError, $"{c.Name}: operand {i + 1} must be integer number but got floating-point number");
        }

        return n.TryToInt(out var v) ? v : throw Fail(c.Name, $"operand {i + 1} out of range");
    }

    public static ArrayValue Arr(this BuiltinContext c, Value[] a, int i) =>
        a[i] as ArrayValue ?? throw TypeError(c.Name, i + 1, "array", a[i]);

    public static ObjectValue Obj(this BuiltinContext c, Value[] a, int i) =>
        a[i] as ObjectValue ?? throw TypeError(c.Name, i + 1, "object", a[i]);

    public static SetValue Set(this BuiltinContext c, Value[] a, int i) =>
        a[i] as SetValue ?? throw TypeError(c.Name, i + 1, "set", a[i]);

    public static bool Bool(this BuiltinContext c, Value[] a, int i) =>
        a[i] is BoolValue b ? b.Value : throw TypeError(c.Name, i + 1, "boolean", a[i]);

    /// <summary>Elements of an array or set (in order); type error otherwise.</summary>
    public static IReadOnlyList<Value> Elements(this BuiltinContext c, Value[] a, int i, string expected = "one of {array, set}") => a[i] switch
    {
        ArrayValue arr => arr.Items,
        SetValue s => s.Sorted,
        _ => throw TypeError(c.Name, i + 1, expected, a[i]),
    };

    public static Value S(string s) => new StringValue(s);

    public static Value N(Number n) => new NumberValue(n);

    public static Value N(long n) => Value.Num(n);

    public static Value B(bool b) => Value.Bool(b);

    public static ArrayValue A(IEnumerable<Value> items) => new(items.ToArray());
}
