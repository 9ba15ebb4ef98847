using System.Runtime.CompilerServices;
using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>Terms, composites, comprehensions and unification.</summary>
internal static partial class Evaluator
{
    internal static bool EvalTerm(Term term, Env? env, EvalContext ctx, ValueCont k)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (term)
        {
            case ScalarTerm s:
                return k(s.Value, env);
            case VarTerm v:
                return EvalVar(v, env, ctx, k);
            case RefTerm r:
                return EvalRef(r, env, ctx, k);
            case ArrayTerm a:
                return EvalList(a.Items, 0, new Value[a.Items.Count], env, ctx, (vals, e2) => k(new ArrayValue(vals.ToArray()), e2));
            case SetTerm s:
                return EvalList(s.Items, 0, new Value[s.Items.Count], env, ctx, (vals, e2) => k(new SetValue(vals), e2));
            case ObjectTerm o:
                return EvalObject(o, 0, new Dictionary<Value, Value>(), env, ctx, k);
            case ArrayComprehension or SetComprehension or ObjectComprehension:
                return k(Comprehension(term, env, ctx), env);
            case CallTerm c:
                return EvalCall(c, env, ctx, k);
            case TemplateTerm tt:
                return k(Value.Str(RenderTemplate(tt, env, ctx)), env);
            default:
                throw new RegoException(RegoException.Internal, "unknown term", term.Loc);
        }
    }

    /// <summary>A comprehension's value: always defined (possibly empty), binding nothing outside.</summary>
    private static Value Comprehension(Term term, Env? env, EvalContext ctx)
    {
        switch (term)
        {
            case ArrayComprehension ac:
            {
                var items = new List<Value>();
                Nested(ctx, () => EvalBody(ac.Body, 0, env, ctx, e2 => EvalTerm(ac.Head, e2, ctx, (v, _) =>
                {
                    items.Add(v);
                    return true;
                })));
                return new ArrayValue(items);
            }

            case SetComprehension sc:
            {
                var items = new HashSet<Value>();
                Nested(ctx, () => EvalBody(sc.Body, 0, env, ctx, e2 => EvalTerm(sc.Head, e2, ctx, (v, _) =>
                {
                    items.Add(v);
                    return true;
                })));
                return new SetValue(items);
            }

            default:
            {
                var oc = (ObjectComprehension)term;
                var map = new Dictionary<Value, Value>();
                Nested(ctx, () => EvalBody(oc.Body, 0, env, ctx, e2 => EvalTerm(oc.Key, e2, ctx, (key, e3) => EvalTerm(oc.Value, e3, ctx, (val, _) =>
                {
                    if (map.TryGetValue(key, out var existing) && !existing.Equals(val))
                    {
                        throw new RegoException(RegoException.Conflict, "object keys must be unique", oc.Loc);
                    }

                    map[key] = val;
                    return true;
                }))));
                return new ObjectValue(map);
            }
        }
    }

    private static string RenderTemplate(TemplateTerm tt, Env? env, EvalContext ctx)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < tt.Parts.Count; i++)
        {
            if (i % 2 == 0)
            {
                sb.Append(((StringValue)((ScalarTerm)tt.Parts[i]).Value).Value);
                continue;
            }

            Value? value = null;
            EvalTerm(tt.Parts[i], env, ctx, (v, _) =>
            {
                value = v;
                return false;
            });
            sb.Append(value switch
            {
                null => "<undefined>",
                StringValue s => s.Value,
                _ => Builtins.StringsMore.RegoText(value),
            });
        }

        return sb.ToString();
    }

    private static void Nested(EvalContext ctx, Func<bool> run)
    {
        EnterNested(ctx);
        try
        {
            run();
        }
        finally
        {
            ctx.Session.Depth--;
        }
    }

    /// <summary>One level deeper (rule, function, comprehension); the caller leaves with <c>Depth--</c> in a finally.</summary>
    private static void EnterNested(EvalContext ctx)
    {
        if (ctx.Session.Depth >= ctx.Session.Options.MaxDepth)
        {
            throw new RegoException(RegoException.Internal, $"evaluation exceeded the maximum depth of {ctx.Session.Options.MaxDepth}");
        }

        ctx.Session.Depth++;
    }

    private static bool EvalVar(VarTerm v, Env? env, EvalContext ctx, ValueCont k)
    {
        var bound = Env.Get(env, v.Name);
        if (bound is not null)
        {
            return k(bound, env);
        }

        switch (v.Name)
        {
            case "input":
                return ctx.Input is null || k(ctx.Input, env);
            case "data":
                var data = EvalDataNode(ctx.Policy.Root, ctx.Data, ctx);
                return data is null || k(data, env);
            default:
                throw new RegoException(RegoException.UnsafeVar, $"var {DisplayName(v.Name)} is unsafe", v.Loc);
        }
    }

    private static string DisplayName(string name) => name.StartsWith("$_", StringComparison.Ordinal) ? "_" : name;

    internal static bool EvalList(IReadOnlyList<Term> items, int i, Value[] acc, Env? env, EvalContext ctx, Func<Value[], Env?, bool> k)
    {
        if (i == items.Count)
        {
            return k(acc, env);
        }

        return EvalTerm(items[i], env, ctx, (v, e2) =>
        {
            acc[i] = v;
            return EvalList(items, i + 1, acc, e2, ctx, k);
        });
    }

    private static bool EvalObject(ObjectTerm o, int i, Dictionary<Value, Value> acc, Env? env, EvalContext ctx, ValueCont k)
    {
        if (i == o.Items.Count)
        {
            return k(new ObjectValue(new Dictionary<Value, Value>(acc)), env);
        }

        var (keyTerm, valTerm) = o.Items[i];
        return EvalTerm(keyTerm, env, ctx, (key, e2) => EvalTerm(valTerm, e2, ctx, (val, e3) =>
        {
            var had = acc.TryGetValue(key, out var previous);
            acc[key] = val;
            var go = EvalObject(o, i + 1, acc, e3, ctx, k);
            if (had)
            {
                acc[key] = previous!;
            }
            else
            {
                acc.Remove(key);
            }

            return go;
        }));
    }

    /// <summary>True when the term is (or contains, inside array/object literals) a var not yet bound.</summary>
    internal static bool IsPattern(Term t, Env? env) => t switch
    {
        VarTerm v => Env.Get(env, v.Name) is null && (v.Name is not ("input" or "data") || IsDeclared(env, v.Name)),
        ArrayTerm a => a.Items.Any(i => IsPattern(i, env)),
        ObjectTerm o => o.Items.Any(kv => IsPattern(kv.Value, env)),
        _ => false,
    };

    private static bool IsDeclared(Env? env, string name)
    {
        for (var e = env; e is not null; e = e.Next)
        {
            if (e.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool Unify(Term a, Term b, Env? env, EvalContext ctx, Cont k)
    {
        if (a is VarTerm va && IsPattern(va, env))
        {
            if (b is VarTerm vb && IsPattern(vb, env))
            {
                throw new RegoException(RegoException.UnsafeVar, $"var {DisplayName(vb.Name)} is unsafe", vb.Loc);
            }

            return EvalTerm(b, env, ctx, (v, e2) => UnifyValue(a, v, e2, ctx, k));
        }

        if (b is VarTerm && IsPattern(b, env))
        {
            return EvalTerm(a, env, ctx, (v, e2) => UnifyValue(b, v, e2, ctx, k));
        }

        if (a is ArrayTerm aa && b is ArrayTerm ba)
        {
            return aa.Items.Count == ba.Items.Count && UnifyPairs(aa.Items, ba.Items, 0, env, ctx, k);
        }

        if (a is ObjectTerm ao && b is ObjectTerm bo && (IsPattern(ao, env) || IsPattern(bo, env)))
        {
            if (ao.Items.Count != bo.Items.Count)
            {
                return true;
            }

            // Both sides may hold unbound vars: pair the values by (ground) key and unify pairwise.
            return EvalList(ao.Items.Select(i => i.Key).ToList(), 0, new Value[ao.Items.Count], env, ctx, (akeys, e2) =>
            {
                var ak = akeys.ToArray();
                return EvalList(bo.Items.Select(i => i.Key).ToList(), 0, new Value[bo.Items.Count], e2, ctx, (bkeys, e3) =>
                {
                    var left = new List<Term>();
                    var right = new List<Term>();
                    for (var i = 0; i < ak.Length; i++)
                    {
                        var j = Array.FindIndex(bkeys, x => x.Equals(ak[i]));
                        if (j < 0)
                        {
                            return true;
                        }

                        left.Add(ao.Items[i].Value);
                        right.Add(bo.Items[j].Value);
                    }

                    return UnifyPairs(left, right, 0, e3, ctx, k);
                });
            });
        }

        if (IsPattern(a, env))
        {
            return EvalTerm(b, env, ctx, (v, e2) => UnifyValue(a, v, e2, ctx, k));
        }

        return EvalTerm(a, env, ctx, (v, e2) => UnifyValue(b, v, e2, ctx, k));
    }

    private static bool UnifyPairs(IReadOnlyList<Term> a, IReadOnlyList<Term> b, int i, Env? env, EvalContext ctx, Cont k) =>
        i == a.Count ? k(env) : Unify(a[i], b[i], env, ctx, e2 => UnifyPairs(a, b, i + 1, e2, ctx, k));

    /// <summary>Unifies a term (possibly a pattern with unbound vars) with a ground value.</summary>
    internal static bool UnifyValue(Term t, Value v, Env? env, EvalContext ctx, Cont k)
    {
        switch (t)
        {
            case VarTerm var when IsPattern(var, env):
                return k(Env.Bind(env, var.Name, v));
            case ArrayTerm a when IsPattern(a, env):
                if (v is not ArrayValue av || av.Count != a.Items.Count)
                {
                    return true;
                }

                return UnifyItems(a.Items, av.Items, 0, env, ctx, k);
            case ObjectTerm o when IsPattern(o, env):
                if (v is not ObjectValue ov || ov.Count != o.Items.Count)
                {
                    return true;
                }

                return UnifyObject(o, ov, 0, env, ctx, k);
            default:
                return EvalTerm(t, env, ctx, (tv, e2) => !tv.Equals(v) || k(e2));
        }
    }

    private static bool UnifyItems(IReadOnlyList<Term> terms, IReadOnlyList<Value> values, int i, Env? env, EvalContext ctx, Cont k) =>
        i == terms.Count ? k(env) : UnifyValue(terms[i], values[i], env, ctx, e2 => UnifyItems(terms, values, i + 1, e2, ctx, k));

    private static bool UnifyObject(ObjectTerm o, ObjectValue v, int i, Env? env, EvalContext ctx, Cont k)
    {
        if (i == o.Items.Count)
        {
            return k(env);
        }

        var (keyTerm, valTerm) = o.Items[i];
        return EvalTerm(keyTerm, env, ctx, (key, e2) =>
        {
            var member = v.Get(key);
            return member is null || UnifyValue(valTerm, member, e2, ctx, e3 => UnifyObject(o, v, i + 1, e3, ctx, k));
        });
    }
}
