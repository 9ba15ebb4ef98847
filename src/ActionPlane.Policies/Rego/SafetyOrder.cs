using ActionPlane.Policies.Rego.Ast;
using ActionPlane.Policies.Rego.Builtins;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// Reorders a body so every expression runs after the expressions that bind its vars, as OPA's
/// compiler does (<c>x &gt; 1; x = input.n</c> is evaluated as <c>x = input.n; x &gt; 1</c>). The
/// original order is kept wherever it is already safe.
/// </summary>
internal static class SafetyOrder
{
    public static IReadOnlyList<Expr> Reorder(IReadOnlyList<Expr> body, IReadOnlySet<string> preBound, Func<string, int?> functionArity)
    {
        if (body.Count < 2)
        {
            return body;
        }

        var outputs = body.Select(e => Outputs(e, functionArity)).ToList();
        var bindable = outputs.SelectMany(o => o).ToHashSet();
        var required = body.Select((e, i) => AllVars(e).Where(v => bindable.Contains(v) && !outputs[i].Contains(v)).ToHashSet()).ToList();
        var bound = new HashSet<string>(preBound);
        var remaining = Enumerable.Range(0, body.Count).ToList();
        var result = new List<Expr>(body.Count);
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(i => required[i].All(bound.Contains), -1);
            if (next < 0)
            {
                // Nothing is safe: keep the author's order and let evaluation report the unsafe var.
                result.AddRange(remaining.Select(i => body[i]));
                break;
            }

            result.Add(body[next]);
            bound.UnionWith(outputs[next]);
            remaining.Remove(next);
        }

        return result;
    }

    private static HashSet<string> Outputs(Expr e, Func<string, int?> functionArity)
    {
        var set = new HashSet<string>();
        if (e.Negated)
        {
            return set;
        }

        switch (e)
        {
            case UnifyExpr u:
                Scope.CollectVars(u.Left, set);
                Scope.CollectVars(u.Right, set);
                RefVars(u.Left, set);
                RefVars(u.Right, set);
                break;
            case AssignExpr a:
                Scope.CollectVars(a.Left, set);
                RefVars(a.Right, set);
                break;
            case TermExpr t:
                RefVars(t.Term, set);
                if (t.Term is CallTerm c && (BuiltinRegistry.TryGet(c.Name, out var b) ? b.Arity : functionArity(c.Name)) is { } arity && arity >= 0 && c.Args.Count == arity + 1)
                {
                    Scope.CollectVars(c.Args[^1], set);
                }

                break;
            case SomeInExpr s:
                if (s.Key is not null)
                {
                    Scope.CollectVars(s.Key, set);
                }

                Scope.CollectVars(s.Val, set);
                RefVars(s.Collection, set);
                break;
        }

        set.RemoveWhere(v => v.StartsWith('$') || v is "input" or "data");
        return set;
    }

    /// <summary>Vars a term can bind by iteration: those used as (patterns in) reference path segments.</summary>
    private static void RefVars(Term t, HashSet<string> into)
    {
        switch (t)
        {
            case RefTerm r:
                RefVars(r.Head, into);
                foreach (var p in r.Path)
                {
                    Scope.CollectVars(p, into);
                    RefVars(p, into);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    RefVars(i, into);
                }

                break;
            case SetTerm s:
                foreach (var i in s.Items)
                {
                    RefVars(i, into);
                }

                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    RefVars(k, into);
                    RefVars(v, into);
                }

                break;
            case CallTerm c:
                foreach (var a in c.Args)
                {
                    RefVars(a, into);
                }

                break;
        }
    }

    private static HashSet<string> AllVars(Expr e)
    {
        var set = new HashSet<string>();
        void Body(IEnumerable<Expr> body)
        {
            foreach (var x in body)
            {
                set.UnionWith(AllVars(x));
            }
        }

        void Visit(Term t)
        {
            switch (t)
            {
                case VarTerm v: set.Add(v.Name); break;
                case ArrayComprehension ac: Visit(ac.Head); Body(ac.Body); break;
                case SetComprehension sc: Visit(sc.Head); Body(sc.Body); break;
                case ObjectComprehension oc: Visit(oc.Key); Visit(oc.Value); Body(oc.Body); break;
                default:
                    foreach (var child in TermChildren.Of(t))
                    {
                        Visit(child);
                    }

                    break;
            }
        }

        switch (e)
        {
            case TermExpr t: Visit(t.Term); break;
            case UnifyExpr u: Visit(u.Left); Visit(u.Right); break;
            case AssignExpr a: Visit(a.Left); Visit(a.Right); break;
            case SomeInExpr s:
                Visit(s.Collection);
                break;
            case EveryExpr ev:
                Visit(ev.Domain);
                Body(ev.Body);
                var locals = new HashSet<string>();
                if (ev.Key is not null)
                {
                    Scope.CollectVars(ev.Key, locals);
                }

                Scope.CollectVars(ev.Val, locals);
                set.ExceptWith(locals);
                break;
        }

        foreach (var w in e.With)
        {
            Visit(w.Value);
        }

        set.RemoveWhere(v => v.StartsWith('$') || v is "input" or "data");
        return set;
    }
}
