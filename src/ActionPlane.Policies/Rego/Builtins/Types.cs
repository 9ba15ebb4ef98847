using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Type checks, conversions and a few no-op debugging builtins.</summary>
internal static class Types
{
    private static Value Memo(BuiltinContext c, string key, Func<Value> create)
    {
        if (!c.Session.Memo.TryGetValue(key, out var v))
        {
            v = create();
            c.Session.Memo[key] = v;
        }

        return v;
    }

    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("is_number", 1, (a, _) => B(a[0] is NumberValue));
        add("is_string", 1, (a, _) => B(a[0] is StringValue));
        add("is_boolean", 1, (a, _) => B(a[0] is BoolValue));
        add("is_array", 1, (a, _) => B(a[0] is ArrayValue));
        add("is_set", 1, (a, _) => B(a[0] is SetValue));
        add("is_object", 1, (a, _) => B(a[0] is ObjectValue));
        add("is_null", 1, (a, _) => B(a[0] is NullValue));
        add("type_name", 1, (a, _) => S(a[0].TypeName));
        add("to_number", 1, (a, c) => a[0] switch
        {
            NumberValue n => n,
            NullValue => N(0),
            BoolValue b => N(b.Value ? 1 : 0),
            StringValue s => Number.TryParse(s.Value, out var n) && !s.Value.Contains('_', StringComparison.Ordinal) && s.Value == s.Value.Trim()
                ? NumberValue.FromText(n, s.Value)
                : throw Fail("to_number", $"strconv.ParseFloat: parsing {StringsMore.RegoText(s)}: invalid syntax"),
            _ => throw TypeError("to_number", 1, "one of {null, boolean, number, string}", a[0]),
        });
        add("cast_array", 1, (a, c) => a[0] switch
        {
            ArrayValue arr => arr,
            SetValue s => A(s.Sorted),
            _ => throw TypeError(c.Name, 1, "one of {array, set}", a[0]),
        });
        add("cast_set", 1, (a, c) => a[0] switch
        {
            SetValue s => s,
            ArrayValue arr => new SetValue(arr.Items),
            _ => throw TypeError(c.Name, 1, "one of {array, set}", a[0]),
        });
        add("cast_string", 1, (a, c) => a[0] as StringValue ?? throw TypeError(c.Name, 1, "string", a[0]));
        add("cast_boolean", 1, (a, c) => a[0] as BoolValue ?? throw TypeError(c.Name, 1, "boolean", a[0]));
        add("cast_null", 1, (a, c) => a[0] as NullValue ?? throw TypeError(c.Name, 1, "null", a[0]));
        add("cast_object", 1, (a, c) => a[0] as ObjectValue ?? throw TypeError(c.Name, 1, "object", a[0]));
        // Variadic (arity -1); printing is a debugging aid the embedded engine does not surface.
        add("print", -1, (_, _) => Value.True);
        add("trace", 1, (_, _) => Value.True);
        add("opa.runtime", 0, (_, _) => ObjectValue.Empty);
        add("uuid.rfc4122", 1, (a, c) => Memo(c, "uuid:" + c.Str(a, 0), () => S(Guid.NewGuid().ToString())));
        add("rand.intn", 2, (a, c) =>
        {
            var n = c.Int(a, 1);
            return Memo(c, $"rand:{c.Str(a, 0)}:{n}", () => N(n == 0 ? 0 : Random.Shared.Next(Math.Abs(n))));
        });
    }
}
