using System.Runtime.CompilerServices;
using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>Rules: building a node's document from its rules, with conflict detection; functions.</summary>
internal static partial class Evaluator
{
    private static Value? EvalRules(RuleNode node, EvalContext ctx)
    {
        // Rule bodies may now run entirely on the fast path, which has no stack check of its own.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (!ctx.InProgress.Add(node))
        {
            throw new RegoException(RegoException.Recursion, $"rule {node.DottedPath} is recursive", node.Rules.FirstOrDefault()?.Loc ?? node.Default?.Loc);
        }

        try
        {
            var outputs = new RuleOutputs();
            EnterNested(ctx);
            try
            {
                var heads = node.Heads;
                if (ctx.Session.Options.RuleIndexing && node.Index is { } index && ctx.FunctionOverrides.Count == 0
                    && index.Matching(ctx) is { } matching)
                {
                    EvalIndexed(heads, index, matching, outputs, ctx);
                }
                else
                {
                    foreach (var head in heads)
                    {
                        EvalHead(head, outputs, ctx);
                    }
                }
            }
            finally
            {
                ctx.Session.Depth--;
            }

            var result = outputs.Result();
            if (result is null && node.Default is { } d)
            {
                EvalTerm(d.Value, null, ctx, (v, _) =>
                {
                    result = v;
                    return false;
                });
            }

            return result;
        }
        finally
        {
            ctx.InProgress.Remove(node);
        }
    }

    private static void EvalHead(RuleHead head, RuleOutputs outputs, EvalContext ctx)
    {
        outputs.Start(head);
        for (var r = head.Rule; r is not null; r = r.Else)
        {
            if (EvalClause(head, r, outputs, ctx))
            {
                break;
            }
        }
    }

    /// <summary>The always-evaluated rules and the matching keyed ones, merged back into rule order (so conflicts surface as a scan finds them).</summary>
    private static void EvalIndexed(RuleHead[] heads, RuleIndex index, int[] matching, RuleOutputs outputs, EvalContext ctx)
    {
        foreach (var start in index.StartHeads)
        {
            outputs.Start(start);
        }

        var always = index.Unindexed;
        int a = 0, m = 0;
        while (a < always.Length || m < matching.Length)
        {
            var next = m >= matching.Length || (a < always.Length && always[a] < matching[m]) ? always[a++] : matching[m++];
            EvalHead(heads[next], outputs, ctx);
        }
    }

    /// <summary>Evaluates one clause (the rule or one of its <c>else</c>s); true when it produced a value.</summary>
    private static bool EvalClause(RuleHead head, Rule clause, RuleOutputs outputs, EvalContext ctx)
    {
        var output = head.Rule.Kind == RuleKind.MultiValue ? head.Rule.Key! : clause.Value;
        Env? start = null;
        var i = DirectPrefix(clause.Body, 0, ref start, ctx);
        if (i < 0)
        {
            return false;
        }

        if (i == clause.Body.Count)
        {
            // The whole body was single-valued: one solution, no continuation needed.
            return EmitHead(head, output, outputs, start, ctx);
        }

        return EvalClauseGeneral(head, clause, output, i, start, outputs, ctx);
    }

    // Separate from EvalClause so that the closure's captures are allocated only when it is needed.
    private static bool EvalClauseGeneral(RuleHead head, Rule clause, Term output, int i, Env? start, RuleOutputs outputs, EvalContext ctx)
    {
        // A constant output is the same for every solution of the body, so the first one settles it
        // (OPA's early exit): a rule like `allow if { some x in xs; ... }` stops at the first match.
        var stopAtFirst = head.Relative.Count == 0 && output is ScalarTerm;
        var produced = false;
        EvalBody(clause.Body, i, start, ctx, env =>
        {
            produced |= EmitHead(head, output, outputs, env, ctx);
            return !(produced && stopAtFirst);
        });
        return produced;
    }

    /// <summary>Adds the head of one body solution to the outputs; false when its key or value is undefined.</summary>
    private static bool EmitHead(RuleHead head, Term output, RuleOutputs outputs, Env? env, EvalContext ctx)
    {
        var keys = head.Relative.Count == 0 ? [] : new Value[head.Relative.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!TryDirect(head.Relative[i], env, ctx, out var key))
            {
                return EmitHeadGeneral(head, output, outputs, env, ctx);
            }

            if (key is null)
            {
                return false;
            }

            keys[i] = key;
        }

        if (!TryDirect(output, env, ctx, out var v))
        {
            return EmitHeadGeneral(head, output, outputs, env, ctx);
        }

        if (v is null)
        {
            return false;
        }

        outputs.Add(head, keys, v);
        return true;
    }

    /// <summary>The head through the general evaluator: its key or value terms iterate or bind.</summary>
    private static bool EmitHeadGeneral(RuleHead head, Term output, RuleOutputs outputs, Env? env, EvalContext ctx)
    {
        var produced = false;
        EvalList(head.Relative, 0, new Value[head.Relative.Count], env, ctx, (keys, e2) => EvalTerm(output, e2, ctx, (v, _) =>
        {
            produced = true;
            outputs.Add(head, keys, v);
            return true;
        }));
        return produced;
    }

    /// <summary>What the rules of one node produced so far: a complete value, set members, or object entries.</summary>
    private sealed class RuleOutputs
    {
        private Value? _complete;
        private HashSet<Value>? _set;
        private Dictionary<Value, object>? _obj;

        public void Start(RuleHead head)
        {
            if (head.Relative.Count > 0)
            {
                _obj ??= [];
            }
            else if (head.Rule.Kind == RuleKind.MultiValue)
            {
                _set ??= [];
            }
        }

        public void Add(RuleHead head, Value[] keys, Value v)
        {
            var rule = head.Rule;
            if (head.Relative.Count > 0)
            {
                Insert(_obj!, keys, v, rule);
            }
            else if (rule.Kind == RuleKind.MultiValue)
            {
                _set!.Add(v);
            }
            else if (_complete is not null && !_complete.Equals(v))
            {
                throw new RegoException(RegoException.Conflict, "complete rules must not produce multiple outputs", rule.Loc);
            }
            else
            {
                _complete = v;
            }
        }

        public Value? Result()
        {
            if (_complete is not null)
            {
                return _complete;
            }

            if (_set is not null)
            {
                return new SetValue(_set);
            }

            return _obj is not null ? Build(_obj) : null;
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
