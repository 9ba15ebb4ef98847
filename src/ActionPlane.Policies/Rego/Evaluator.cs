using System.Runtime.CompilerServices;
using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// Top-down Rego evaluator in continuation-passing style: every expression calls its continuation
/// once per solution, so backtracking over bindings is plain recursion. Bodies and expressions here;
/// terms, refs and rules in the other partial files.
/// </summary>
internal static partial class Evaluator
{
    /// <summary>Runs a (compiled) query and returns every solution's bindings.</summary>
    public static List<Env?> Query(IReadOnlyList<Expr> query, EvalContext ctx)
    {
        var results = new List<Env?>();
        Guard(() => EvalBody(query, 0, null, ctx, env =>
        {
            results.Add(env);
            return true;
        }));
        return results;
    }

    /// <summary>Evaluates a document by its path under data; null when undefined.</summary>
    public static Value? EvalPath(IReadOnlyList<string> path, EvalContext ctx)
    {
        Value? result = null;
        var refTerm = new RefTerm(new VarTerm("data", default), path.Select(p => (Term)new ScalarTerm(Value.Str(p), default)).ToList(), default);
        Guard(() => EvalTerm(refTerm, null, ctx, (v, _) =>
        {
            result = v;
            return false;
        }));
        return result;
    }

    /// <summary>Turns runaway recursion into a Rego error instead of a crashed process.</summary>
    private static void Guard(Func<bool> run)
    {
        try
        {
            run();
        }
        catch (InsufficientExecutionStackException)
        {
            throw new RegoException(RegoException.Internal, "evaluation exceeded the maximum stack depth");
        }
    }

    internal static bool EvalBody(IReadOnlyList<Expr> body, int i, Env? env, EvalContext ctx, Cont k)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        i = DirectPrefix(body, i, ref env, ctx);
        if (i < 0)
        {
            return true;
        }

        if (i == body.Count)
        {
            return k(env);
        }

        ctx.Session.Step();
        var expr = body[i];
        if (expr is SomeInExpr s && TrySomeIn(s, body, i + 1, env, ctx, k, out var go))
        {
            return go;
        }

        return EvalExprThen(expr, body, i + 1, env, ctx, k);
    }

    /// <summary>
    /// Runs the single-valued expressions of a body from <paramref name="i"/> in place (see
    /// <see cref="TryExpr"/>): the index of the first one that needs more (body.Count when none),
    /// or -1 when one did not hold.
    /// </summary>
    private static int DirectPrefix(IReadOnlyList<Expr> body, int i, ref Env? env, EvalContext ctx)
    {
        for (; i < body.Count; i++)
        {
            switch (TryExpr(body[i], ref env, ctx))
            {
                case true:
                    ctx.Session.Step();
                    continue;
                case false:
                    ctx.Session.Step();
                    return -1;
                default:
                    return i;
            }
        }

        return i;
    }

    // Separate from EvalBody so that the closure's captures are allocated only when it is needed.
    private static bool EvalExprThen(Expr expr, IReadOnlyList<Expr> body, int next, Env? env, EvalContext ctx, Cont k) =>
        EvalExpr(expr, env, ctx, e2 => EvalBody(body, next, e2, ctx, k));

    private static bool EvalExpr(Expr expr, Env? env, EvalContext ctx, Cont k)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var inner = ctx;
        if (expr.With.Count > 0)
        {
            var derived = ApplyWith(expr.With, env, ctx);
            if (derived is null)
            {
                return true;
            }

            inner = derived;
        }

        if (!expr.Negated)
        {
            return EvalExprCore(expr, env, inner, k);
        }

        var found = false;
        EvalExprCore(expr, env, inner, _ =>
        {
            found = true;
            return false;
        });
        return found || k(env);
    }

    private static bool EvalExprCore(Expr expr, Env? env, EvalContext ctx, Cont k)
    {
        switch (expr)
        {
            case TermExpr t:
                return EvalTerm(t.Term, env, ctx, (v, e2) => v is BoolValue { Value: false } || k(e2));
            case UnifyExpr u:
                return Unify(u.Left, u.Right, env, ctx, k);
            case AssignExpr a:
                var declared = new HashSet<string>();
                Scope.CollectVars(a.Left, declared);
                if (a.Left is not (VarTerm or ArrayTerm or ObjectTerm))
                {
                    throw new RegoException(RegoException.CompileError, "cannot assign to " + a.Left.GetType().Name.Replace("Term", "", StringComparison.Ordinal).ToLowerInvariant(), a.Loc);
                }

                return Unify(a.Left, a.Right, Env.Declare(env, declared), ctx, k);
            case SomeDeclExpr s:
                return k(Env.Declare(env, s.Vars));
            case SomeInExpr s:
                return EvalSomeIn(s, env, ctx, k);
            case EveryExpr ev:
                return EvalEvery(ev, env, ctx, k);
            default:
                throw new RegoException(RegoException.Internal, "unknown expression", expr.Loc);
        }
    }

    private static bool EvalSomeIn(SomeInExpr s, Env? env, EvalContext ctx, Cont k)
    {
        var declared = new HashSet<string>();
        if (s.Key is not null)
        {
            Scope.CollectVars(s.Key, declared);
        }

        Scope.CollectVars(s.Val, declared);
        return EvalTerm(s.Collection, env, ctx, (coll, e2) =>
        {
            var scoped = Env.Declare(e2, declared);
            foreach (var (key, val) in Members(coll))
            {
                ctx.Session.Step();
                var go = s.Key is null
                    ? UnifyValue(s.Val, val, scoped, ctx, k)
                    : UnifyValue(s.Key, key, scoped, ctx, e3 => UnifyValue(s.Val, val, e3, ctx, k));
                if (!go)
                {
                    return false;
                }
            }

            return true;
        });
    }

    private static bool EvalEvery(EveryExpr ev, Env? env, EvalContext ctx, Cont k)
    {
        var declared = new HashSet<string>();
        if (ev.Key is not null)
        {
            Scope.CollectVars(ev.Key, declared);
        }

        Scope.CollectVars(ev.Val, declared);
        var any = false;
        var result = true;
        EvalTerm(ev.Domain, env, ctx, (domain, e2) =>
        {
            any = true;
            var scoped = Env.Declare(e2, declared);
            foreach (var (key, val) in Members(domain))
            {
                var ok = false;
                Cont body = e3 => EvalBody(ev.Body, 0, e3, ctx, _ =>
                {
                    ok = true;
                    return false;
                });
                if (ev.Key is null)
                {
                    UnifyValue(ev.Val, val, scoped, ctx, body);
                }
                else
                {
                    UnifyValue(ev.Key, key, scoped, ctx, e3 => UnifyValue(ev.Val, val, e3, ctx, body));
                }

                if (!ok)
                {
                    return true;
                }
            }

            result = k(e2);
            return result;
        });
        return !any || result;
    }

    /// <summary>The (key, value) pairs <c>some</c>/<c>every</c> iterate: index/element, key/value, element/element.</summary>
    internal static IEnumerable<(Value Key, Value Val)> Members(Value coll)
    {
        switch (coll)
        {
            case ArrayValue a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (Value.Num(i), a.Items[i]);
                }

                break;
            case ObjectValue o:
                foreach (var (key, val) in o.Sorted)
                {
                    yield return (key, val);
                }

                break;
            case SetValue s:
                foreach (var v in s.Sorted)
                {
                    yield return (v, v);
                }

                break;
        }
    }
}
