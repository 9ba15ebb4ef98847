using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>count, sum, product, max, min, sort, all, any.</summary>
internal static class Aggregates
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("count", 1, (a, c) => a[0] switch
        {
            ArrayValue x => N(x.Count),
            ObjectValue x => N(x.Count),
            SetValue x => N(x.Count),
            StringValue x => N(x.Value.EnumerateRunes().Count()),
            _ => throw TypeError("count", 1, "one of {array, object, set, string}", a[0]),
        });
        add("sum", 1, (a, c) => N(Numbers(c, a).Aggregate(Number.FromLong(0), (x, y) => x + y)));
        add("product", 1, (a, c) => N(Numbers(c, a).Aggregate(Number.FromLong(1), (x, y) => x * y)));
        add("max", 1, (a, c) => c.Elements(a, 0).Count == 0 ? null : c.Elements(a, 0).Max());
        add("min", 1, (a, c) => c.Elements(a, 0).Count == 0 ? null : c.Elements(a, 0).Min());
        add("sort", 1, (a, c) =>
        {
            var items = c.Elements(a, 0).ToArray();
            Array.Sort(items);
            return new ArrayValue(items);
        });
        add("all", 1, (a, c) => B(c.Elements(a, 0).All(v => v is BoolValue { Value: true })));
        add("any", 1, (a, c) => B(c.Elements(a, 0).Any(v => v is BoolValue { Value: true })));
    }

    private static IEnumerable<Number> Numbers(BuiltinContext c, Value[] a) =>
        c.Elements(a, 0).Select(v => v is NumberValue n
            ? n.Value
            : throw new RegoException(RegoException.TypeError, $"{c.Name}: operand 1 must be {(a[0] is SetValue ? "set" : "array")} of numbers but got {(a[0] is SetValue ? "set" : "array")} containing {v.TypeName}"));
}
