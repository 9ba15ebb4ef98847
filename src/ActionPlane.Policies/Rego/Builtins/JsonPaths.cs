using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>json.filter</c> and <c>json.remove</c>: paths as "a/b" strings or arrays of segments.</summary>
internal static class JsonPaths
{
    private static List<List<Value>> Paths(BuiltinContext c, Value[] a)
    {
        const string Expected = "one of {set, array} containing string paths or array of path segments";
        var items = a[1] switch
        {
            ArrayValue arr => arr.Items,
            SetValue s => s.Sorted,
            _ => throw TypeError(c.Name, 2, "one of {set, array}", a[1]),
        };
        var paths = new List<List<Value>>();
        foreach (var item in items)
        {
            switch (item)
            {
                case StringValue s:
                    paths.Add(s.Value.Trim('/').Split('/').Where(p => p.Length > 0).Select(p => S(p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))).ToList());
                    break;
                case ArrayValue segs:
                    paths.Add([.. segs.Items]);
                    break;
                default:
                    throw new RegoException(RegoException.TypeError, $"{c.Name}: operand 2 must be {Expected} but got {item.TypeName}");
            }
        }

        return paths;
    }

    public static Value Filter(BuiltinContext c, Value[] a)
    {
        var obj = c.Obj(a, 0);
        var paths = Paths(c, a);
        return Keep(obj, paths, 0) ?? ObjectValue.Empty;
    }

    private static Value? Keep(Value doc, List<List<Value>> paths, int depth)
    {
        if (paths.Any(p => p.Count == depth))
        {
            return doc;
        }

        var groups = paths.GroupBy(p => p[depth]).ToList();
        switch (doc)
        {
            case ObjectValue o:
            {
                var map = new Dictionary<Value, Value>();
                foreach (var g in groups)
                {
                    if (o.Get(g.Key) is { } child && Keep(child, g.ToList(), depth + 1) is { } kept)
                    {
                        map[g.Key] = kept;
                    }
                }

                return new ObjectValue(map);
            }

            case ArrayValue arr:
            {
                var list = new List<Value>();
                for (var i = 0; i < arr.Count; i++)
                {
                    var key = Value.Num(i);
                    var g = groups.FirstOrDefault(x => x.Key.Equals(key) || (x.Key is StringValue sk && sk.Value == i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    if (g is not null && Keep(arr.Items[i], g.ToList(), depth + 1) is { } kept)
                    {
                        list.Add(kept);
                    }
                }

                return new ArrayValue(list);
            }

            case SetValue set:
            {
                var items = new HashSet<Value>();
                foreach (var g in groups)
                {
                    if (set.Contains(g.Key) && Keep(g.Key, g.ToList(), depth + 1) is { } kept)
                    {
                        items.Add(kept);
                    }
                }

                return new SetValue(items);
            }

            default:
                return null;
        }
    }

    public static Value Remove(BuiltinContext c, Value[] a)
    {
        var obj = c.Obj(a, 0);
        Value result = obj;
        foreach (var path in Paths(c, a))
        {
            result = Drop(result, path, 0);
        }

        return result;
    }

    private static Value Drop(Value doc, List<Value> path, int depth)
    {
        if (path.Count == 0)
        {
            return doc;
        }

        var key = path[depth];
        var last = depth == path.Count - 1;
        switch (doc)
        {
            case ObjectValue o when o.Get(key) is { } child:
            {
                var map = new Dictionary<Value, Value>(o.Map);
                if (last)
                {
                    map.Remove(key);
                }
                else
                {
                    map[key] = Drop(child, path, depth + 1);
                }

                return new ObjectValue(map);
            }

            case ArrayValue arr:
            {
                var idx = key switch
                {
                    NumberValue n when n.Value.TryToInt(out var i) => i,
                    StringValue s when int.TryParse(s.Value, out var j) => j,
                    _ => -1,
                };
                if (idx < 0 || idx >= arr.Count)
                {
                    return doc;
                }

                var list = arr.Items.ToList();
                if (last)
                {
                    list.RemoveAt(idx);
                }
                else
                {
                    list[idx] = Drop(list[idx], path, depth + 1);
                }

                return new ArrayValue(list);
            }

            case SetValue set when set.Contains(key):
                return last ? new SetValue(set.Items.Where(v => !v.Equals(key))) : doc;
            default:
                return doc;
        }
    }
}
