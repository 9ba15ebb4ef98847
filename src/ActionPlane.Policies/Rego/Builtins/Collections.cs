using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Object, array and set builtins.</summary>
internal static class Collections
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("object.get", 3, (a, c) =>
        {
            var obj = c.Obj(a, 0);
            if (a[1] is ArrayValue path)
            {
                Value cur = obj;
                foreach (var key in path.Items)
                {
                    var next = Evaluator.Lookup(cur, key);
                    if (next is null)
                    {
                        return a[2];
                    }

                    cur = next;
                }

                return cur;
            }

            return obj.Get(a[1]) ?? a[2];
        });
        add("object.keys", 1, (a, c) => new SetValue(c.Obj(a, 0).Map.Keys));
        add("object.union", 2, (a, c) => Union(c.Obj(a, 0), c.Obj(a, 1)));
        add("object.union_n", 1, (a, c) =>
        {
            var result = ObjectValue.Empty;
            foreach (var item in c.Arr(a, 0).Items)
            {
                result = Union(result, item as ObjectValue ?? throw new RegoException(RegoException.TypeError, $"object.union_n: operand 1 must be array of objects but got array containing {item.TypeName}"));
            }

            return result;
        });
        add("object.remove", 2, (a, c) =>
        {
            var obj = c.Obj(a, 0);
            var keys = KeySet(c, a, 1);
            return new ObjectValue(obj.Map.Where(kv => !keys.Contains(kv.Key)).ToDictionary());
        });
        add("object.filter", 2, (a, c) =>
        {
            var obj = c.Obj(a, 0);
            var keys = KeySet(c, a, 1);
            return new ObjectValue(obj.Map.Where(kv => keys.Contains(kv.Key)).ToDictionary());
        });
        add("object.subset", 2, (a, c) =>
        {
            if (a[0] is not (ObjectValue or ArrayValue or SetValue))
            {
                throw TypeError(c.Name, 1, "one of {object, array, set}", a[0]);
            }

            if (a[1] is not (ObjectValue or ArrayValue or SetValue))
            {
                throw TypeError(c.Name, 2, "one of {object, array, set}", a[1]);
            }

            return B(Subset(a[0], a[1]));
        });
        add("array.concat", 2, (a, c) => A(c.Arr(a, 0).Items.Concat(c.Arr(a, 1).Items)));
        add("array.slice", 3, (a, c) =>
        {
            var arr = c.Arr(a, 0);
            var start = Math.Max(0, c.Int(a, 1));
            var stop = Math.Min(arr.Count, c.Int(a, 2));
            return start >= stop ? ArrayValue.Empty : A(arr.Items.Skip(start).Take(stop - start));
        });
        add("array.reverse", 1, (a, c) => A(c.Arr(a, 0).Items.Reverse()));
        add("array.flatten", 1, (a, c) => A(Flatten(c.Arr(a, 0))));
        add("intersection", 1, (a, c) =>
        {
            var sets = SetsOf(c, a);
            if (sets.Count == 0)
            {
                return SetValue.Empty;
            }

            var result = new HashSet<Value>(sets[0].Items);
            foreach (var s in sets.Skip(1))
            {
                result.IntersectWith(s.Items);
            }

            return new SetValue(result);
        });
        add("union", 1, (a, c) => new SetValue(SetsOf(c, a).SelectMany(s => s.Items)));
        add("json.filter", 2, (a, c) => JsonPaths.Filter(c, a));
        add("json.remove", 2, (a, c) => JsonPaths.Remove(c, a));
    }

    private static List<SetValue> SetsOf(BuiltinContext c, Value[] a) =>
        c.Set(a, 0).Items.Select(v => v as SetValue ?? throw new RegoException(RegoException.TypeError, $"{c.Name}: operand 1 must be set of sets but got set containing {v.TypeName}")).ToList();

    /// <summary>One level only, like OPA: nested arrays inside nested arrays stay.</summary>
    private static IEnumerable<Value> Flatten(ArrayValue arr)
    {
        foreach (var item in arr.Items)
        {
            if (item is ArrayValue nested)
            {
                foreach (var x in nested.Items)
                {
                    yield return x;
                }
            }
            else
            {
                yield return item;
            }
        }
    }

    private static HashSet<Value> KeySet(BuiltinContext c, Value[] a, int i) => a[i] switch
    {
        ArrayValue arr => [.. arr.Items],
        SetValue s => [.. s.Items],
        ObjectValue o => [.. o.Map.Keys],
        _ => throw TypeError(c.Name, i + 1, "one of {object, set, array}", a[i]),
    };

    internal static ObjectValue Union(ObjectValue a, ObjectValue b)
    {
        var map = new Dictionary<Value, Value>(a.Map);
        foreach (var (k, v) in b.Map)
        {
            map[k] = map.TryGetValue(k, out var existing) && existing is ObjectValue eo && v is ObjectValue vo ? Union(eo, vo) : v;
        }

        return new ObjectValue(map);
    }

    private static bool Subset(Value super, Value sub)
    {
        switch (super, sub)
        {
            case (ObjectValue so, ObjectValue bo):
                return bo.Map.All(kv => so.Get(kv.Key) is { } sv && (sv.Rank == kv.Value.Rank && sv is ObjectValue or SetValue or ArrayValue ? Subset(sv, kv.Value) : sv.Equals(kv.Value)));
            case (SetValue ss, SetValue bs):
                return bs.Items.All(ss.Contains);
            case (ArrayValue sa, ArrayValue ba):
                if (ba.Count == 0)
                {
                    return true;
                }

                for (var i = 0; i + ba.Count <= sa.Count; i++)
                {
                    if (sa.Items.Skip(i).Take(ba.Count).SequenceEqual(ba.Items))
                    {
                        return true;
                    }
                }

                return false;
            case (ArrayValue sa2, SetValue bs2):
                return bs2.Items.All(sa2.Items.Contains);
            default:
                return false;
        }
    }
}
