using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>References: walking values and the <c>data</c> tree, iterating unbound path vars.</summary>
internal static partial class Evaluator
{
    private static bool EvalRef(RefTerm r, Env? env, EvalContext ctx, ValueCont k)
    {
        if (r.Head is VarTerm v && Env.Get(env, v.Name) is null && !IsDeclared(env, v.Name))
        {
            if (v.Name == "data")
            {
                return EvalDataRef(ctx.Policy.Root, ctx.Data, r.Path, 0, env, ctx, k);
            }

            if (v.Name == "input")
            {
                return ctx.Input is null || WalkValue(ctx.Input, r.Path, 0, env, ctx, k);
            }
        }

        return EvalTerm(r.Head, env, ctx, (head, e2) => WalkValue(head, r.Path, 0, e2, ctx, k));
    }

    internal static Value? Lookup(Value collection, Value key) => collection switch
    {
        ObjectValue o => o.Get(key),
        ArrayValue a => key is NumberValue n && n.Value.TryToInt(out var i) && i >= 0 && i < a.Count ? a.Items[i] : null,
        SetValue s => s.Contains(key) ? key : null,
        _ => null,
    };

    private static bool WalkValue(Value current, IReadOnlyList<Term> path, int i, Env? env, EvalContext ctx, ValueCont k)
    {
        if (i == path.Count)
        {
            return k(current, env);
        }

        var seg = path[i];
        if (IsPattern(seg, env))
        {
            foreach (var (key, child) in Members(current))
            {
                ctx.Session.Step();
                if (!UnifyValue(seg, key, env, ctx, e2 => WalkValue(child, path, i + 1, e2, ctx, k)))
                {
                    return false;
                }
            }

            return true;
        }

        return EvalTerm(seg, env, ctx, (key, e2) =>
        {
            var child = Lookup(current, key);
            return child is null || WalkValue(child, path, i + 1, e2, ctx, k);
        });
    }

    private static Value? OverrideAt(EvalContext ctx, IReadOnlyList<string> path)
    {
        foreach (var (p, v) in ctx.DataOverrides)
        {
            if (p.SequenceEqual(path))
            {
                return v;
            }
        }

        return null;
    }

    private static bool EvalDataRef(RuleNode? node, Value? baseDoc, IReadOnlyList<Term> path, int i, Env? env, EvalContext ctx, ValueCont k)
    {
        if (node is null)
        {
            if (baseDoc is null)
            {
                return true;
            }

            if (i == path.Count)
            {
                return k(baseDoc, env);
            }

            if (IsPattern(path[i], env))
            {
                return WalkValue(baseDoc, path, i, env, ctx, k);
            }

            return EvalTerm(path[i], env, ctx, (key, e2) => Descend(null, baseDoc, key, path, i, e2, ctx, k));
        }

        var overridden = ctx.DataOverrides.Count > 0 ? OverrideAt(ctx, node.Path) : null;
        if (overridden is not null)
        {
            return WalkValue(overridden, path, i, env, ctx, k);
        }

        if (i == path.Count || node.HasValueRules)
        {
            var value = EvalDataNode(node, baseDoc, ctx);
            return value is null || WalkValue(value, path, i, env, ctx, k);
        }

        var seg = path[i];
        if (IsPattern(seg, env))
        {
            var keys = new SortedSet<Value>();
            foreach (var (name, child) in node.Children)
            {
                if (!child.IsPureFunction)
                {
                    keys.Add(Value.Str(name));
                }
            }

            if (baseDoc is ObjectValue bo)
            {
                keys.UnionWith(bo.Map.Keys);
            }

            foreach (var key in keys)
            {
                if (!UnifyValue(seg, key, env, ctx, e2 => Descend(node, baseDoc, key, path, i, e2, ctx, k)))
                {
                    return false;
                }
            }

            return true;
        }

        return EvalTerm(seg, env, ctx, (key, e2) => Descend(node, baseDoc, key, path, i, e2, ctx, k));
    }

    private static bool Descend(RuleNode? node, Value? baseDoc, Value key, IReadOnlyList<Term> path, int i, Env? env, EvalContext ctx, ValueCont k)
    {
        var childBase = ChildBase(baseDoc, key);
        RuleNode? childNode = null;
        if (key is StringValue s && node is not null && node.Children.TryGetValue(s.Value, out var c) && !c.IsPureFunction)
        {
            childNode = c;
        }

        if (childNode is null && childBase is null)
        {
            return true;
        }

        return EvalDataRef(childNode, childBase, path, i + 1, env, ctx, k);
    }

    /// <summary>The base document under <paramref name="key"/>.</summary>
    private static Value? ChildBase(Value? baseDoc, Value key)
    {
        var childBase = baseDoc is null ? null : Lookup(baseDoc, key);
        if (childBase is null && key is NumberValue num && baseDoc is ObjectValue)
        {
            // Stored documents have string keys; OPA's storage path lookup accepts data[2] for "2".
            childBase = Lookup(baseDoc, Value.Str(num.Value.ToString()));
        }

        return childBase;
    }

    /// <summary>The full value of a data node: its rules' document, or its children and base data merged.</summary>
    internal static Value? EvalDataNode(RuleNode node, Value? baseDoc, EvalContext ctx)
    {
        var overridden = ctx.DataOverrides.Count > 0 ? OverrideAt(ctx, node.Path) : null;
        if (overridden is not null)
        {
            return overridden;
        }

        if (ctx.TryGetCached(node, out var cached))
        {
            return cached;
        }

        Value? result;
        if (node.HasValueRules)
        {
            result = EvalRules(node, ctx);
            if (result is ObjectValue ro && (node.Children.Count > 0 || baseDoc is ObjectValue))
            {
                result = MergeChildren(node, ro, baseDoc, ctx);
            }
        }
        else if (node.Children.Count == 0)
        {
            result = baseDoc ?? (node.IsFunction ? null : ObjectValue.Empty);
        }
        else
        {
            result = MergeChildren(node, ObjectValue.Empty, baseDoc, ctx);
        }

        result = ApplyNestedOverrides(node, result, ctx);
        ctx.SetCached(node, result);
        return result;
    }

    private static ObjectValue MergeChildren(RuleNode node, ObjectValue start, Value? baseDoc, EvalContext ctx)
    {
        var map = new Dictionary<Value, Value>(start.Map);
        foreach (var (name, child) in node.Children)
        {
            if (child.IsPureFunction)
            {
                continue;
            }

            var key = Value.Str(name);
            var childBase = baseDoc is ObjectValue bo ? bo.Get(key) : null;
            var v = EvalDataNode(child, childBase, ctx);
            if (v is null)
            {
                continue;
            }

            if (map.TryGetValue(key, out var existing))
            {
                map[key] = existing is ObjectValue eo && v is ObjectValue vo
                    ? Merge(vo, eo)
                    : existing.Equals(v) ? v : throw new RegoException(RegoException.Conflict, "object keys must be unique", child.Rules.FirstOrDefault()?.Loc);
            }
            else
            {
                map[key] = v;
            }
        }

        if (baseDoc is ObjectValue b2)
        {
            // Where base and virtual documents overlap, the base document wins (as in OPA).
            return Merge(b2, new ObjectValue(map));
        }

        return new ObjectValue(map);
    }

    /// <summary>Deep merge where <paramref name="primary"/> wins on scalar clashes.</summary>
    internal static ObjectValue Merge(ObjectValue primary, ObjectValue secondary)
    {
        var map = new Dictionary<Value, Value>(secondary.Map);
        foreach (var (key, v) in primary.Map)
        {
            map[key] = map.TryGetValue(key, out var other) && other is ObjectValue oo && v is ObjectValue vo ? Merge(vo, oo) : v;
        }

        return new ObjectValue(map);
    }

    private static Value? ApplyNestedOverrides(RuleNode node, Value? value, EvalContext ctx)
    {
        foreach (var (path, v) in ctx.DataOverrides)
        {
            if (path.Count > node.Path.Count && path.Take(node.Path.Count).SequenceEqual(node.Path))
            {
                value = Upsert(value, path.Skip(node.Path.Count).ToList(), 0, v);
            }
        }

        return value;
    }

    /// <summary>Returns <paramref name="doc"/> with the value at <paramref name="path"/> replaced (objects created as needed).</summary>
    internal static Value Upsert(Value? doc, IReadOnlyList<string> path, int i, Value value)
    {
        if (i == path.Count)
        {
            return value;
        }

        var map = doc is ObjectValue o ? new Dictionary<Value, Value>(o.Map) : [];
        var key = Value.Str(path[i]);
        map[key] = Upsert(map.GetValueOrDefault(key), path, i + 1, value);
        return new ObjectValue(map);
    }
}
