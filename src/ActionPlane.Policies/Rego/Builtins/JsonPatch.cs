using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>json.patch</c>: RFC 6902 operations over JSON-pointer (or segment array) paths.</summary>
internal static class JsonPatch
{
    public static void Register(Action<string, int, BuiltinFn> add) => add("json.patch", 2, (a, c) =>
    {
        var doc = a[0];
        foreach (var op in c.Arr(a, 1).Items)
        {
            if (op is not ObjectValue o || o.Get("op") is not StringValue name || o.Get("path") is not { } pathValue)
            {
                throw Fail(c.Name, "each patch operation must be an object with op and path");
            }

            var path = Path(c, pathValue);
            doc = name.Value switch
            {
                "add" => Add(c, doc, path, 0, o.Get("value") ?? throw Fail(c.Name, "add needs a value")),
                "remove" => Remove(c, doc, path, 0),
                "replace" => path.Count == 0
                    ? o.Get("value") ?? throw Fail(c.Name, "replace needs a value")
                    : Add(c, Remove(c, doc, path, 0), path, 0, o.Get("value") ?? throw Fail(c.Name, "replace needs a value")),
                "move" => Move(c, doc, Path(c, o.Get("from") ?? throw Fail(c.Name, "move needs from")), path, keepSource: false),
                "copy" => Move(c, doc, Path(c, o.Get("from") ?? throw Fail(c.Name, "copy needs from")), path, keepSource: true),
                "test" => Equals(Get(doc, path), o.Get("value")) ? doc : throw Fail(c.Name, "test operation failed"),
                _ => throw Fail(c.Name, $"unknown operation {name.Value}"),
            };
        }

        return doc;
    });

    private static List<Value> Path(BuiltinContext c, Value v)
    {
        switch (v)
        {
            case ArrayValue arr:
                return [.. arr.Items];
            case StringValue s when s.Value.Length == 0:
                return [];
            case StringValue s when s.Value.StartsWith('/'):
                return s.Value[1..].Split('/').Select(p => (Value)Value.Str(p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))).ToList();
            default:
                throw Fail(c.Name, "invalid patch path");
        }
    }

    private static Value? Get(Value doc, List<Value> path)
    {
        Value? cur = doc;
        foreach (var seg in path)
        {
            cur = cur switch
            {
                ObjectValue o => o.Get(seg),
                ArrayValue arr when Index(seg, arr.Count, allowEnd: false) is { } i => arr.Items[i],
                SetValue s => s.Contains(seg) ? seg : null,
                _ => null,
            };
            if (cur is null)
            {
                return null;
            }
        }

        return cur;
    }

    private static int? Index(Value seg, int count, bool allowEnd)
    {
        if (seg is StringValue { Value: "-" } && allowEnd)
        {
            return count;
        }

        var ok = seg switch
        {
            NumberValue n when n.Value.TryToInt(out var i) => (true, i),
            StringValue s when (s.Value == "0" || !s.Value.StartsWith('0')) && int.TryParse(s.Value, System.Globalization.NumberStyles.None, null, out var j) => (true, j),
            _ => (false, 0),
        };
        return ok.Item1 && ok.Item2 >= 0 && ok.Item2 <= (allowEnd ? count : count - 1) ? ok.Item2 : null;
    }

    private static Value Add(BuiltinContext c, Value doc, List<Value> path, int i, Value value)
    {
        if (i == path.Count)
        {
            return value;
        }

        var seg = path[i];
        var last = i == path.Count - 1;
        switch (doc)
        {
            case ObjectValue o:
            {
                var map = new Dictionary<Value, Value>(o.Map);
                if (last)
                {
                    map[seg] = value;
                }
                else
                {
                    map[seg] = Add(c, o.Get(seg) ?? throw Fail(c.Name, "path not found"), path, i + 1, value);
                }

                return new ObjectValue(map);
            }

            case ArrayValue arr:
            {
                var idx = Index(seg, arr.Count, allowEnd: last) ?? throw Fail(c.Name, "invalid array index");
                var list = arr.Items.ToList();
                if (last)
                {
                    list.Insert(idx, value);
                }
                else
                {
                    list[idx] = Add(c, list[idx], path, i + 1, value);
                }

                return new ArrayValue(list);
            }

            case SetValue set when last:
                return new SetValue(set.Items.Append(value));
            default:
                throw Fail(c.Name, "path not found");
        }
    }

    private static Value Remove(BuiltinContext c, Value doc, List<Value> path, int i)
    {
        if (path.Count == 0)
        {
            throw Fail(c.Name, "cannot remove the whole document");
        }

        var seg = path[i];
        var last = i == path.Count - 1;
        switch (doc)
        {
            case ObjectValue o when o.Get(seg) is { } child:
            {
                var map = new Dictionary<Value, Value>(o.Map);
                if (last)
                {
                    map.Remove(seg);
                }
                else
                {
                    map[seg] = Remove(c, child, path, i + 1);
                }

                return new ObjectValue(map);
            }

            case ArrayValue arr when Index(seg, arr.Count, allowEnd: false) is { } idx:
            {
                var list = arr.Items.ToList();
                if (last)
                {
                    list.RemoveAt(idx);
                }
                else
                {
                    list[idx] = Remove(c, list[idx], path, i + 1);
                }

                return new ArrayValue(list);
            }

            case SetValue set when last && set.Contains(seg):
                return new SetValue(set.Items.Where(v => !v.Equals(seg)));
            default:
                throw Fail(c.Name, "path not found");
        }
    }

    private static Value Move(BuiltinContext c, Value doc, List<Value> from, List<Value> to, bool keepSource)
    {
        var value = Get(doc, from) ?? throw Fail(c.Name, "from path not found");
        var without = keepSource ? doc : Remove(c, doc, from, 0);
        return Add(c, without, to, 0, value);
    }
}
