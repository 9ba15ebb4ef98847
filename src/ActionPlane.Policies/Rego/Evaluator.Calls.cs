using ActionPlane.Policies.Rego.Ast;
using ActionPlane.Policies.Rego.Builtins;

namespace ActionPlane.Policies.Rego;

/// <summary>Calls of builtins and user functions, and the <c>with</c> keyword.</summary>
internal static partial class Evaluator
{
    private static bool EvalCall(CallTerm c, Env? env, EvalContext ctx, ValueCont k)
    {
        var name = c.Name;
        var callCtx = ctx;
        Value? constant = null;
        if (ctx.FunctionOverrides.TryGetValue(name, out var ov))
        {
            if (ov.Constant is not null)
            {
                constant = ov.Constant;
            }
            else
            {
                // A mock runs without the mocks of its caller, so it can call the original it replaces.
                name = ov.Target!;
                callCtx = ctx.Derive(ctx.Input, ctx.DataOverrides, new Dictionary<string, FunctionOverride>(), ctx.Data);
            }
        }

        int arity;
        Func<Value[], Value?> invoke;
        if (constant is not null)
        {
            arity = ArityOf(c.Name, ctx) ?? c.Args.Count;
            invoke = _ => constant;
        }
        else if (name.StartsWith("data.", StringComparison.Ordinal))
        {
            var node = ctx.Policy.Root.Find(name.Split('.').Skip(1).ToList());
            if (node is null || !node.IsFunction)
            {
                if (node is not null && c.Args.Count == 0)
                {
                    return EvalTerm(new RefTerm(new VarTerm("data", c.Loc), node.Path.Select(p => (Term)new ScalarTerm(Value.Str(p), c.Loc)).ToList(), c.Loc), env, ctx, k);
                }

                throw new RegoException(RegoException.TypeErrorCompile, $"undefined function {name}", c.Loc);
            }

            arity = node.Functions.Count > 0 ? node.Functions[0].Args!.Count : node.DefaultFunction!.Args!.Count;
            invoke = args => CallFunction(node, args, callCtx, c.Loc);
        }
        else if (name == "walk" && c.Args.Count is 1 or 2)
        {
            return EvalList([c.Args[0]], 0, new Value[1], env, ctx, (vals, e2) => Walk(vals[0], [], e2, pair =>
                c.Args.Count == 1 ? k(pair, e2) : UnifyValue(c.Args[1], pair, e2, ctx, e3 => k(Value.True, e3))));
        }
        else if (BuiltinRegistry.TryGet(name, out var builtin))
        {
            arity = builtin.Arity;
            var bctx = new BuiltinContext(callCtx.Session, c.Loc, name);
            invoke = args => InvokeBuiltin(builtin, args, bctx);
        }
        else
        {
            throw new RegoException(RegoException.TypeErrorCompile, $"undefined function {name}", c.Loc);
        }

        if (arity < 0)
        {
            arity = c.Args.Count;
        }

        if (c.Args.Count != arity && c.Args.Count != arity + 1)
        {
            throw new RegoException(RegoException.TypeErrorCompile,
                $"{(c.Args.Count > arity ? "too many" : "too few")} arguments: {c.Name}: expected {arity} arguments, got {c.Args.Count}", c.Loc);
        }

        var inputs = c.Args.Count == arity ? c.Args : c.Args.Take(arity).ToList();
        var output = c.Args.Count == arity ? null : c.Args[^1];
        return EvalList(inputs, 0, new Value[inputs.Count], env, ctx, (vals, e2) =>
        {
            var result = invoke(vals.ToArray());
            if (result is null)
            {
                return true;
            }

            return output is null ? k(result, e2) : UnifyValue(output, result, e2, ctx, e3 => k(Value.True, e3));
        });
    }

    private static bool Walk(Value v, List<Value> path, Env? env, Func<Value, bool> k)
    {
        if (!k(new ArrayValue([new ArrayValue(path.ToArray()), v])))
        {
            return false;
        }

        foreach (var (key, child) in Members(v))
        {
            path.Add(key);
            var go = Walk(child, path, env, k);
            path.RemoveAt(path.Count - 1);
            if (!go)
            {
                return false;
            }
        }

        return true;
    }

    private static int? ArityOf(string name, EvalContext ctx)
    {
        if (BuiltinRegistry.TryGet(name, out var b))
        {
            return b.Arity;
        }

        var node = name.StartsWith("data.", StringComparison.Ordinal) ? ctx.Policy.Root.Find(name.Split('.').Skip(1).ToList()) : null;
        return node?.Functions.FirstOrDefault()?.Args?.Count;
    }

    private static Value? InvokeBuiltin(Builtin builtin, Value[] args, BuiltinContext bctx)
    {
        try
        {
            return builtin.Fn(args, bctx);
        }
        catch (RegoException e) when (e.Location is null)
        {
            if (e.Code is RegoException.BuiltinError or RegoException.TypeError && !bctx.Session.Options.StrictBuiltinErrors)
            {
                return null;
            }

            throw new RegoException(e.Code, e.Detail, bctx.Loc);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidOperationException
                                       or System.Text.Json.JsonException or System.Text.RegularExpressions.RegexMatchTimeoutException or DivideByZeroException)
        {
            if (!bctx.Session.Options.StrictBuiltinErrors)
            {
                return null;
            }

            throw new RegoException(RegoException.BuiltinError, $"{builtin.Name}: {e.Message}", bctx.Loc);
        }
    }

    /// <summary>Builds the context a <c>with</c>-modified expression runs in; null when a replacement value is undefined.</summary>
    private static EvalContext? ApplyWith(IReadOnlyList<WithModifier> withs, Env? env, EvalContext ctx)
    {
        var input = ctx.Input;
        var baseData = ctx.Data;
        var overrides = ctx.DataOverrides.ToList();
        var functions = new Dictionary<string, FunctionOverride>(ctx.FunctionOverrides);
        foreach (var w in withs)
        {
            var fnName = FunctionName(w.Value, env, ctx);
            Value? value = null;
            if (fnName is null)
            {
                EvalTerm(w.Value, env, ctx, (v, _) =>
                {
                    value = v;
                    return false;
                });
                if (value is null)
                {
                    return null;
                }
            }

            var (root, path) = TargetPath(w.Target);
            if (root == "input" && value is not null)
            {
                input = path.Count == 0 ? value : Upsert(input, path, 0, value);
            }
            else if (root == "data")
            {
                var node = ctx.Policy.Root.Find(path);
                if (node is not null && node.IsFunction)
                {
                    functions["data." + string.Join('.', path)] = new FunctionOverride(value, fnName);
                }
                else if (value is not null)
                {
                    overrides.RemoveAll(o => o.Path.Count >= path.Count && o.Path.Take(path.Count).SequenceEqual(path));
                    overrides.Add((path, value));
                    baseData = Upsert(baseData, path, 0, value);
                }
                else
                {
                    throw new RegoException(RegoException.CompileError, "with keyword cannot replace data documents with functions", w.Loc);
                }
            }
            else if (root is not null)
            {
                var name = path.Count == 0 ? root : root + "." + string.Join('.', path);
                functions[name] = new FunctionOverride(value, fnName);
            }
            else
            {
                throw new RegoException(RegoException.CompileError, "with keyword target must reference existing input, data, or a function", w.Loc);
            }
        }

        return ctx.Derive(input, overrides, functions, baseData);
    }

    private static (string? Root, List<string> Path) TargetPath(Term t)
    {
        switch (t)
        {
            case VarTerm v:
                return (v.Name, []);
            case RefTerm { Head: VarTerm h } r:
                var path = new List<string>();
                foreach (var seg in r.Path)
                {
                    if (seg is not ScalarTerm { Value: StringValue s })
                    {
                        return (null, []);
                    }

                    path.Add(s.Value);
                }

                return (h.Name, path);
            default:
                return (null, []);
        }
    }

    /// <summary>When a <c>with</c> value names a function (user or builtin) rather than a value, its full name.</summary>
    private static string? FunctionName(Term t, Env? env, EvalContext ctx)
    {
        var (root, path) = TargetPath(t);
        if (root is null || Env.Get(env, root) is not null || IsDeclared(env, root))
        {
            return null;
        }

        if (root == "data")
        {
            var node = ctx.Policy.Root.Find(path);
            return node is not null && node.IsFunction ? "data." + string.Join('.', path) : null;
        }

        if (root == "input")
        {
            return null;
        }

        var name = path.Count == 0 ? root : root + "." + string.Join('.', path);
        return BuiltinRegistry.TryGet(name, out _) ? name : null;
    }
}
