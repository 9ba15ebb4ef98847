using ActionPlane.Policies.Rego.Ast;
using ActionPlane.Policies.Rego.Builtins;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// The fast path: most terms of a real policy have every var bound, so they have at most one value
/// and bind nothing. Those are evaluated here straight to a value, without a continuation (closure)
/// per step. Anything that could iterate or bind (an unbound var, a relation such as <c>walk</c>,
/// a call with an output argument, a <c>with</c>-replaced function) makes the fast path give up
/// (return false) and the caller falls back to the continuation-passing evaluator, which then
/// evaluates the term from the start. Giving up happens before anything observable: evaluation is
/// left to right in both paths, so the prefix evaluated here would have been evaluated there too.
/// </summary>
internal static partial class Evaluator
{
    /// <summary>Evaluates a single-valued term: true with the value (null when undefined), or false when the general evaluator is needed.</summary>
    internal static bool TryDirect(Term term, Env? env, EvalContext ctx, out Value? value)
    {
        switch (term)
        {
            case ScalarTerm s:
                value = s.Value;
                return true;
            case VarTerm v:
                return TryVar(v.Name, env, ctx, out value);
            case RefTerm r:
                return TryRef(r, env, ctx, out value);
            case CallTerm c:
                return TryCall(c, env, ctx, out value);
            case ArrayTerm a:
                return TryArray(a, env, ctx, out value);
            case SetTerm s:
                return TrySet(s, env, ctx, out value);
            case ObjectTerm o:
                return TryObject(o, env, ctx, out value);
            case ArrayComprehension or SetComprehension or ObjectComprehension:
                value = Comprehension(term, env, ctx);
                return true;
            case TemplateTerm tt:
                value = Value.Str(RenderTemplate(tt, env, ctx));
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static bool TryVar(string name, Env? env, EvalContext ctx, out Value? value)
    {
        if (Env.Find(env, name, out value))
        {
            // Declared but unbound: a pattern var (or an unsafe one); the general path decides.
            return value is not null;
        }

        switch (name)
        {
            case "input":
                value = ctx.Input;
                return true;
            case "data":
                value = EvalDataNode(ctx.Policy.Root, ctx.Data, ctx);
                return true;
            default:
                return false;
        }
    }

    private static bool TryRef(RefTerm r, Env? env, EvalContext ctx, out Value? value)
    {
        value = null;
        Value? head;
        if (r.Head is VarTerm v)
        {
            if (Env.Find(env, v.Name, out head))
            {
                if (head is null)
                {
                    return false;
                }
            }
            else if (v.Name == "data")
            {
                // Descend the rule tree instead of building the whole data document.
                return TryDataRef(ctx.Policy.Root, ctx.Data, r.Path, env, ctx, out value);
            }
            else if (v.Name == "input")
            {
                head = ctx.Input;
            }
            else
            {
                return false;
            }
        }
        else if (!TryDirect(r.Head, env, ctx, out head))
        {
            return false;
        }

        return head is null || TryWalk(head, r.Path, 0, env, ctx, out value);
    }

    /// <summary>The key a path segment selects; false when the segment is a pattern (it iterates).</summary>
    private static bool TryKey(Term seg, Env? env, EvalContext ctx, out Value? key)
    {
        if (seg is ScalarTerm s)
        {
            key = s.Value;
            return true;
        }

        return TryDirect(seg, env, ctx, out key);
    }

    private static bool TryWalk(Value current, IReadOnlyList<Term> path, int i, Env? env, EvalContext ctx, out Value? value)
    {
        Value? at = current;
        for (; i < path.Count; i++)
        {
            if (!TryKey(path[i], env, ctx, out var key))
            {
                value = null;
                return false;
            }

            at = key is null ? null : Lookup(at, key);
            if (at is null)
            {
                value = null;
                return true;
            }
        }

        value = at;
        return true;
    }

    /// <summary><see cref="EvalDataRef"/> for a path whose segments are all known: one node or base document per segment.</summary>
    private static bool TryDataRef(RuleNode? node, Value? baseDoc, IReadOnlyList<Term> path, Env? env, EvalContext ctx, out Value? value)
    {
        for (var i = 0; ; i++)
        {
            if (node is null)
            {
                if (baseDoc is null || i == path.Count)
                {
                    value = baseDoc;
                    return true;
                }
            }
            else
            {
                var overridden = ctx.DataOverrides.Count > 0 ? OverrideAt(ctx, node.Path) : null;
                if (overridden is not null)
                {
                    return TryWalk(overridden, path, i, env, ctx, out value);
                }

                if (i == path.Count || node.HasValueRules)
                {
                    var doc = EvalDataNode(node, baseDoc, ctx);
                    if (doc is null)
                    {
                        value = null;
                        return true;
                    }

                    return TryWalk(doc, path, i, env, ctx, out value);
                }
            }

            if (!TryKey(path[i], env, ctx, out var key))
            {
                value = null;
                return false;
            }

            if (key is null)
            {
                value = null;
                return true;
            }

            var childBase = ChildBase(baseDoc, key);
            RuleNode? childNode = null;
            if (key is StringValue s && node is not null && node.Children.TryGetValue(s.Value, out var c) && !c.IsPureFunction)
            {
                childNode = c;
            }

            if (childNode is null && childBase is null)
            {
                value = null;
                return true;
            }

            node = childNode;
            baseDoc = childBase;
        }
    }

    private static bool TryArray(ArrayTerm a, Env? env, EvalContext ctx, out Value? value)
    {
        value = null;
        var items = new Value[a.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryDirect(a.Items[i], env, ctx, out var item))
            {
                return false;
            }

            if (item is null)
            {
                return true;
            }

            items[i] = item;
        }

        value = new ArrayValue(items);
        return true;
    }

    private static bool TrySet(SetTerm s, Env? env, EvalContext ctx, out Value? value)
    {
        value = null;
        var items = new HashSet<Value>();
        foreach (var term in s.Items)
        {
            if (!TryDirect(term, env, ctx, out var item))
            {
                return false;
            }

            if (item is null)
            {
                return true;
            }

            items.Add(item);
        }

        value = new SetValue(items);
        return true;
    }

    private static bool TryObject(ObjectTerm o, Env? env, EvalContext ctx, out Value? value)
    {
        value = null;
        var map = new Dictionary<Value, Value>(o.Items.Count);
        foreach (var (keyTerm, valTerm) in o.Items)
        {
            if (!TryDirect(keyTerm, env, ctx, out var key))
            {
                return false;
            }

            if (key is null)
            {
                return true;
            }

            if (!TryDirect(valTerm, env, ctx, out var val))
            {
                return false;
            }

            if (val is null)
            {
                return true;
            }

            map[key] = val;
        }

        value = new ObjectValue(map);
        return true;
    }

    private static bool TryCall(CallTerm c, Env? env, EvalContext ctx, out Value? value)
    {
        value = null;
        if (ctx.FunctionOverrides.Count > 0 && ctx.FunctionOverrides.ContainsKey(c.Name))
        {
            return false;
        }

        var site = CallSite.Resolve(c, ctx.Policy.Root);
        switch (site.Kind)
        {
            case CallKind.Compare:
            {
                if (!TryDirect(c.Args[0], env, ctx, out var left))
                {
                    return false;
                }

                if (left is null)
                {
                    return true;
                }

                if (!TryDirect(c.Args[1], env, ctx, out var right))
                {
                    return false;
                }

                if (right is not null)
                {
                    value = Value.Bool(Compare(site.Op, left, right));
                }

                return true;
            }

            case CallKind.Builtin:
            case CallKind.Function:
            {
                var args = new Value[c.Args.Count];
                for (var i = 0; i < args.Length; i++)
                {
                    if (!TryDirect(c.Args[i], env, ctx, out var arg))
                    {
                        return false;
                    }

                    if (arg is null)
                    {
                        return true;
                    }

                    args[i] = arg;
                }

                value = site.Kind == CallKind.Function
                    ? CallFunction(site.Function!, args, ctx, c.Loc)
                    : InvokeBuiltin(site.Builtin!, args, new BuiltinContext(ctx.Session, c.Loc, c.Name));
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>The comparison operators, inlined: the commonest builtins of a policy body.</summary>
    private static bool Compare(CompareOp op, Value left, Value right) => op switch
    {
        CompareOp.Equal => left.Equals(right),
        CompareOp.NotEqual => !left.Equals(right),
        CompareOp.Less => left.CompareTo(right) < 0,
        CompareOp.LessOrEqual => left.CompareTo(right) <= 0,
        CompareOp.Greater => left.CompareTo(right) > 0,
        _ => left.CompareTo(right) >= 0,
    };

    /// <summary>
    /// Evaluates one body expression in place when it is single-valued: a test (<c>x == y</c>,
    /// <c>not f(x)</c>), an assignment or unification of an unbound var to a known value, or a
    /// <c>some</c> declaration. Null when the general evaluator is needed; otherwise whether the
    /// expression held, with <paramref name="env"/> extended by what it bound.
    /// </summary>
    private static bool? TryExpr(Expr expr, ref Env? env, EvalContext ctx)
    {
        if (expr.With.Count > 0)
        {
            return null;
        }

        Value? v;
        switch (expr)
        {
            case TermExpr t:
                if (!TryDirect(t.Term, env, ctx, out v))
                {
                    return null;
                }

                return (v is not null and not BoolValue { Value: false }) != expr.Negated;
            case SomeDeclExpr s when !expr.Negated:
                env = Env.Declare(env, s.Vars);
                return true;
            case AssignExpr { Left: VarTerm left } a when !expr.Negated:
                // As the general path: the var is declared (shadowing) before the right side runs.
                if (!TryDirect(a.Right, new Env(left.Name, null, env), ctx, out v))
                {
                    return null;
                }

                if (v is null)
                {
                    return false;
                }

                env = Env.Bind(env, left.Name, v);
                return true;
            case UnifyExpr u when !expr.Negated:
                return TryUnify(u.Left, u.Right, ref env, ctx);
            default:
                return null;
        }
    }

    private static bool? TryUnify(Term left, Term right, ref Env? env, EvalContext ctx)
    {
        Value? v;
        if (left is VarTerm lv && IsPattern(lv, env))
        {
            if (right is VarTerm rv0 && IsPattern(rv0, env))
            {
                return null;
            }

            if (!TryDirect(right, env, ctx, out v))
            {
                return null;
            }

            if (v is null)
            {
                return false;
            }

            env = Env.Bind(env, lv.Name, v);
            return true;
        }

        if (right is VarTerm rv && IsPattern(rv, env))
        {
            if (!TryDirect(left, env, ctx, out v))
            {
                return null;
            }

            if (v is null)
            {
                return false;
            }

            env = Env.Bind(env, rv.Name, v);
            return true;
        }

        if (left is ArrayTerm or ObjectTerm || right is ArrayTerm or ObjectTerm)
        {
            return null;
        }

        if (!TryDirect(left, env, ctx, out v))
        {
            return null;
        }

        if (v is null)
        {
            return false;
        }

        if (!TryDirect(right, env, ctx, out var w))
        {
            return null;
        }

        return w is not null && v.Equals(w);
    }

    /// <summary>
    /// <c>some k, v in coll</c> over a known collection with plain vars: binds each member and runs
    /// the rest of the body directly, without a continuation per member. False when not applicable.
    /// </summary>
    private static bool TrySomeIn(SomeInExpr s, IReadOnlyList<Expr> body, int next, Env? env, EvalContext ctx, Cont k, out bool go)
    {
        go = true;
        if (s.Negated || s.With.Count > 0 || s.Val is not VarTerm val || s.Key is not (null or VarTerm)
            || (s.Key is VarTerm sameKey && sameKey.Name == val.Name) || !TryDirect(s.Collection, env, ctx, out var coll))
        {
            return false;
        }

        var key = s.Key as VarTerm;
        switch (coll)
        {
            case ArrayValue a:
                for (var i = 0; i < a.Count && go; i++)
                {
                    ctx.Session.Step();
                    var scoped = key is null ? env : Env.Bind(env, key.Name, Value.Num(i));
                    go = EvalBody(body, next, Env.Bind(scoped, val.Name, a.Items[i]), ctx, k);
                }

                break;
            case ObjectValue o:
                foreach (var (mk, mv) in o.Sorted)
                {
                    ctx.Session.Step();
                    var scoped = key is null ? env : Env.Bind(env, key.Name, mk);
                    go = EvalBody(body, next, Env.Bind(scoped, val.Name, mv), ctx, k);
                    if (!go)
                    {
                        break;
                    }
                }

                break;
            case SetValue set:
                foreach (var m in set.Sorted)
                {
                    ctx.Session.Step();
                    var scoped = key is null ? env : Env.Bind(env, key.Name, m);
                    go = EvalBody(body, next, Env.Bind(scoped, val.Name, m), ctx, k);
                    if (!go)
                    {
                        break;
                    }
                }

                break;
        }

        return true;
    }
}
