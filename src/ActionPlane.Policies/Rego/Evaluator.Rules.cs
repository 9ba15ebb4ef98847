using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>Rules: building a node's document from its rules, with conflict detection; functions.</summary>
internal static partial class Evaluator
{
    private static Value? EvalRules(RuleNode node, EvalContext ctx)
    {
        if (!ctx.InProgress.Add(node))
        {
            throw new RegoException(RegoException.Recursion, $"rule {node.DottedPath} is recursive", node.Rules.FirstOrDefault()?.Loc ?? node.Default?.Loc);
        }

        try
        {
            Value? complete = null;
            HashSet<Value>? set = null;
            Dictionary<Value, object>? obj = null;
            Nested(ctx, () =>
            {
                foreach (var rule in node.Rules)
                {
                    var prefix = RuleNode.StaticPrefix(rule);
                    var rel = rule.Ref.Skip(prefix).ToList();
                    if (rel.Count > 0)
                    {
                        obj ??= [];
                    }
                    else if (rule.Kind == RuleKind.MultiValue)
                    {
                        set ??= [];
                    }

                    for (var r = rule; r is not null; r = r.Else)
                    {
                        var produced = false;
                        var clause = r;
                        EvalBody(clause.Body, 0, null, ctx, env => EvalList(rel, 0, new Value[rel.Count], env, ctx, (keys, e2) =>
                            EvalTerm(rule.Kind == RuleKind.MultiValue ? rule.Key! : clause.Value, e2, ctx, (v, _) =>
                            {
                                produced = true;
                                if (rel.Count > 0)
                                {
                                    Insert(obj!, keys, v, rule);
                                }
                                else if (rule.Kind == RuleKind.MultiValue)
                                {
                                    set!.Add(v);
                                }
                                else if (complete is not null && !complete.Equals(v))
                                {
                                    throw new RegoException(RegoException.Conflict, "complete rules must not produce multiple outputs", rule.Loc);
                                }
                                else
                                {
                                    complete = v;
                                }

                                return true;
                            })));
                        if (produced)
                        {
                            break;
                        }
                    }
                }

                return true;
            });

            if (complete is not null)
            {
                return complete;
            }

            if (set is not null)
            {
                return new SetValue(set);
            }

            if (obj is not null)
            {
                return Build(obj);
            }

            if (node.Default is { } d)
            {
                Value? dv = null;
                EvalTerm(d.Value, null, ctx, (v, _) =>
                {
                    dv = v;
                    return false;
                });
                return dv;
            }

            return null;
        }
        finally
        {
            ctx.InProgress.Remove(node);
        }
    }

    private static void Insert(Dictionary<Value, object> obj, Value[] keys, Value v, Rule rule)
    {
        var cur = obj;
        for (var i = 0; i < keys.Length - 1; i++)
        {
            if (!cur.TryGetValue(keys[i], out var next))
            {
                next = new Dictionary<Value, object>();
                cur[keys[i]] = next;
            }

            if (next is not Dictionary<Value, object> nested)
            {
                throw new RegoException(RegoException.Conflict, "object keys must be unique", rule.Loc);
            }

            cur = nested;
        }

        var last = keys[^1];
        if (rule.Kind == RuleKind.MultiValue)
        {
            if (!cur.TryGetValue(last, out var existingSet))
            {
                existingSet = new HashSet<Value>();
                cur[last] = existingSet;
            }

            if (existingSet is not HashSet<Value> hs)
            {
                throw new RegoException(RegoException.Conflict, "object keys must be unique", rule.Loc);
            }

            hs.Add(v);
            return;
        }

        if (cur.TryGetValue(last, out var existing))
        {
            if (existing is Value ev && ev.Equals(v))
            {
                return;
            }

            throw new RegoException(RegoException.Conflict, "object keys must be unique", rule.Loc);
        }

        cur[last] = v;
    }

    private static Value Build(Dictionary<Value, object> obj)
    {
        var map = new Dictionary<Value, Value>(obj.Count);
        foreach (var (key, v) in obj)
        {
            map[key] = v switch
            {
                Value val => val,
                HashSet<Value> set => new SetValue(set),
                Dictionary<Value, object> nested => Build(nested),
                _ => Value.Null,
            };
        }

        return new ObjectValue(map);
    }

    internal static Value? CallFunction(RuleNode node, Value[] args, EvalContext ctx, Location loc)
    {
        var cacheKey = (node.DottedPath, (Value)new ArrayValue(args));
        if (ctx.FunctionCache.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        Value? result = null;
        Nested(ctx, () =>
        {
            foreach (var rule in node.Functions)
            {
                if (rule.Args!.Count != args.Length)
                {
                    continue;
                }

                for (var r = rule; r is not null; r = r.Else)
                {
                    var produced = false;
                    var clause = r;
                    UnifyItems(clause.Args!, args, 0, null, ctx, env => EvalBody(clause.Body, 0, env, ctx, e2 => EvalTerm(clause.Value, e2, ctx, (v, _) =>
                    {
                        produced = true;
                        if (result is not null && !result.Equals(v))
                        {
                            throw new RegoException(RegoException.Conflict, "functions must not produce multiple outputs for same inputs", rule.Loc);
                        }

                        result = v;
                        return true;
                    })));
                    if (produced)
                    {
                        break;
                    }
                }
            }

            return true;
        });

        if (result is null && node.DefaultFunction is { } d)
        {
            EvalTerm(d.Value, null, ctx, (v, _) =>
            {
                result = v;
                return false;
            });
        }

        ctx.FunctionCache[cacheKey] = result;
        return result;
    }
}
