using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>Name resolution for one module: which vars are rules, imports or locals.</summary>
internal sealed class Scope(IReadOnlyList<string> package, HashSet<string> ruleNames, IReadOnlyList<Import> imports, IReadOnlyDictionary<string, int>? functionArity = null)
{
    private readonly Dictionary<string, Import> _imports = imports.ToDictionary(i => i.Name, StringComparer.Ordinal);

    public Rule ResolveRule(Rule rule)
    {
        var locals = new HashSet<string>(StringComparer.Ordinal);
        if (rule.Args is not null)
        {
            foreach (var a in rule.Args)
            {
                CollectVars(a, locals);
            }
        }

        DeclaredIn(rule.Body, locals);
        var resolved = rule with
        {
            Ref = [rule.Ref[0], .. rule.Ref.Skip(1).Select(t => Resolve(t, locals))],
            Args = rule.Args?.Select(a => Resolve(a, locals)).ToList(),
            Key = rule.Key is null ? null : Resolve(rule.Key, locals),
            Value = Resolve(rule.Value, locals),
            Body = ResolveBody(rule.Body, locals, ArgVars(rule)),
            Else = rule.Else is null ? null : ResolveRule(rule.Else),
        };
        return resolved;
    }

    private static HashSet<string> ArgVars(Rule rule)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in rule.Args ?? [])
        {
            CollectVars(a, set);
        }

        return set;
    }

    /// <summary>Names declared anywhere in a body: <c>some</c>, <c>:=</c>, <c>every</c> and comprehension heads' decls.</summary>
    public HashSet<string> DeclaredIn(IReadOnlyList<Expr> body, HashSet<string>? into)
    {
        into ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in body)
        {
            switch (e)
            {
                case SomeDeclExpr s:
                    into.UnionWith(s.Vars);
                    break;
                case SomeInExpr s:
                    if (s.Key is not null)
                    {
                        CollectVars(s.Key, into);
                    }

                    CollectVars(s.Val, into);
                    VisitNested(s.Collection, into);
                    break;
                case AssignExpr a:
                    CollectVars(a.Left, into);
                    VisitNested(a.Right, into);
                    break;
                case EveryExpr ev:
                    if (ev.Key is not null)
                    {
                        CollectVars(ev.Key, into);
                    }

                    CollectVars(ev.Val, into);
                    DeclaredIn(ev.Body, into);
                    break;
                case TermExpr t:
                    VisitNested(t.Term, into);
                    break;
                case UnifyExpr u:
                    VisitNested(u.Left, into);
                    VisitNested(u.Right, into);
                    break;
            }
        }

        return into;
    }

    private void VisitNested(Term t, HashSet<string> into)
    {
        switch (t)
        {
            case ArrayComprehension a:
                DeclaredIn(a.Body, into);
                break;
            case SetComprehension s:
                DeclaredIn(s.Body, into);
                break;
            case ObjectComprehension o:
                DeclaredIn(o.Body, into);
                break;
            case CallTerm c:
                foreach (var a in c.Args)
                {
                    VisitNested(a, into);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    VisitNested(i, into);
                }

                break;
            case RefTerm r:
                VisitNested(r.Head, into);
                foreach (var p in r.Path)
                {
                    VisitNested(p, into);
                }

                break;
        }
    }

    public static void CollectVars(Term t, HashSet<string> into)
    {
        switch (t)
        {
            case VarTerm v:
                into.Add(v.Name);
                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    CollectVars(i, into);
                }

                break;
            case ObjectTerm o:
                foreach (var (_, v) in o.Items)
                {
                    CollectVars(v, into);
                }

                break;
        }
    }

    public IReadOnlyList<Expr> ResolveBody(IReadOnlyList<Expr> body, HashSet<string> locals, IReadOnlySet<string>? preBound = null)
    {
        CheckReassignment(body, preBound);
        return SafetyOrder.Reorder(body.Select(e => ResolveExpr(e, locals)).ToList(), preBound ?? new HashSet<string>(),
            name => functionArity is not null && functionArity.TryGetValue(name, out var n) ? n : null);
    }

    /// <summary><c>:=</c> declares a var once per body; assigning it again (or a function argument) is an error, as in OPA.</summary>
    private static void CheckReassignment(IReadOnlyList<Expr> body, IReadOnlySet<string>? preBound)
    {
        var assigned = new HashSet<string>(preBound ?? new HashSet<string>(), StringComparer.Ordinal);
        foreach (var e in body)
        {
            if (e is not AssignExpr a)
            {
                continue;
            }

            var vars = new HashSet<string>(StringComparer.Ordinal);
            CollectVars(a.Left, vars);
            foreach (var v in vars.Where(v => !v.StartsWith('$')))
            {
                if (!assigned.Add(v))
                {
                    throw new RegoException(RegoException.CompileError, $"var {v} assigned above", a.Loc);
                }
            }
        }
    }

    private Expr ResolveExpr(Expr e, HashSet<string> locals)
    {
        var withs = e.With.Select(w => new WithModifier(ResolveWithTarget(w.Target, locals), Resolve(w.Value, locals), w.Loc)).ToList();
        Expr resolved = e switch
        {
            TermExpr t => t with { Term = Resolve(t.Term, locals) },
            UnifyExpr u => u with { Left = Resolve(u.Left, locals), Right = Resolve(u.Right, locals) },
            AssignExpr a => a with { Left = a.Left, Right = Resolve(a.Right, locals) },
            SomeInExpr s => s with { Collection = Resolve(s.Collection, locals) },
            EveryExpr ev => ev with { Domain = Resolve(ev.Domain, locals), Body = ResolveBody(ev.Body, locals) },
            _ => e,
        };
        return resolved with { With = withs };
    }

    /// <summary><c>with</c> targets keep builtin names as plain refs; rule names still resolve.</summary>
    private Term ResolveWithTarget(Term t, HashSet<string> locals) => t switch
    {
        VarTerm v when v.Name is "input" or "data" => v,
        VarTerm v when ruleNames.Contains(v.Name) || _imports.ContainsKey(v.Name) => Resolve(v, locals),
        RefTerm { Head: VarTerm h } r when ruleNames.Contains(h.Name) || _imports.ContainsKey(h.Name) => Resolve(r, locals),
        _ => t,
    };

    public Term Resolve(Term t, HashSet<string> locals)
    {
        switch (t)
        {
            case VarTerm v:
                return ResolveVar(v, locals);
            case RefTerm r:
                var head = r.Head is VarTerm hv ? ResolveVar(hv, locals) : Resolve(r.Head, locals);
                var path = r.Path.Select(p => Resolve(p, locals)).ToList();
                return head is RefTerm hr ? new RefTerm(hr.Head, [.. hr.Path, .. path], r.Loc) : new RefTerm(head, path, r.Loc);
            case ArrayTerm a:
                return a with { Items = a.Items.Select(i => Resolve(i, locals)).ToList() };
            case SetTerm s:
                return s with { Items = s.Items.Select(i => Resolve(i, locals)).ToList() };
            case ObjectTerm o:
                return o with { Items = o.Items.Select(kv => (Resolve(kv.Key, locals), Resolve(kv.Value, locals))).ToList() };
            case ArrayComprehension ac:
                return ac with { Head = Resolve(ac.Head, locals), Body = ResolveBody(ac.Body, locals) };
            case SetComprehension sc:
                return sc with { Head = Resolve(sc.Head, locals), Body = ResolveBody(sc.Body, locals) };
            case ObjectComprehension oc:
                return oc with { Key = Resolve(oc.Key, locals), Value = Resolve(oc.Value, locals), Body = ResolveBody(oc.Body, locals) };
            case CallTerm c:
                return c with { Name = ResolveCallName(c.Name, locals), Args = c.Args.Select(a => Resolve(a, locals)).ToList() };
            case TemplateTerm tt:
                return tt with { Parts = tt.Parts.Select(p => Resolve(p, locals)).ToList() };
            default:
                return t;
        }
    }

    private Term ResolveVar(VarTerm v, HashSet<string> locals)
    {
        if (locals.Contains(v.Name) || v.Name is "input" or "data" || v.IsWildcard)
        {
            return v;
        }

        if (_imports.TryGetValue(v.Name, out var imp))
        {
            return new RefTerm(new VarTerm(imp.Path[0], v.Loc), imp.Path.Skip(1).Select(p => (Term)new ScalarTerm(Value.Str(p), v.Loc)).ToList(), v.Loc);
        }

        if (ruleNames.Contains(v.Name))
        {
            return new RefTerm(new VarTerm("data", v.Loc), [.. package.Select(p => (Term)new ScalarTerm(Value.Str(p), v.Loc)), new ScalarTerm(Value.Str(v.Name), v.Loc)], v.Loc);
        }

        return v;
    }

    private string ResolveCallName(string name, HashSet<string> locals)
    {
        var dot = name.IndexOf('.');
        var first = dot < 0 ? name : name[..dot];
        var rest = dot < 0 ? "" : name[dot..];
        if (first is "data" || locals.Contains(first))
        {
            return name;
        }

        if (_imports.TryGetValue(first, out var imp))
        {
            return string.Join('.', imp.Path) + rest;
        }

        if (ruleNames.Contains(first))
        {
            return "data." + string.Join('.', package.Append(first)) + rest;
        }

        return name;
    }
}
