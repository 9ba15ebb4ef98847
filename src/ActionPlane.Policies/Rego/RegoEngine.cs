using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>One solution of a query: the value of each expression and the query's named bindings.</summary>
internal sealed record QueryRow(IReadOnlyList<(string Text, Value Value)> Expressions, IReadOnlyList<(string Name, Value Value)> Bindings);

/// <summary>
/// The internal facade over parser, compiler and evaluator: modules and data in, query results out.
/// Compiled state is immutable, so one engine serves concurrent queries.
/// </summary>
internal sealed class RegoEngine
{
    private RegoEngine(CompiledPolicy policy, IReadOnlyList<Module> modules)
    {
        Policy = policy;
        Modules = modules;
    }

    public CompiledPolicy Policy { get; }
    public IReadOnlyList<Module> Modules { get; }

    public static RegoEngine Create(IEnumerable<(string File, string Text)> sources, Value? data)
    {
        var modules = sources.Select(s => Parser.ParseModule(s.File, s.Text)).ToList();
        return new RegoEngine(Compiler.Compile(modules, data), modules);
    }

    public EvalContext NewContext(Value? input, EvalOptions options) =>
        new() { Policy = Policy, Session = new EvalSession(options), Input = input, Data = Policy.Data };

    /// <summary>Evaluates a document under data by path; null when undefined.</summary>
    public Value? Evaluate(IReadOnlyList<string> path, Value? input, EvalOptions options) =>
        Evaluator.EvalPath(path, NewContext(input, options));

    public List<QueryRow> Query(string query, Value? input, EvalOptions options)
    {
        var parsed = Compiler.CompileQuery(Parser.ParseQuery(query));
        var names = new List<string>();
        foreach (var e in parsed)
        {
            CollectQueryVars(e, names);
        }

        var ctx = NewContext(input, options);
        var rows = new List<QueryRow>();
        foreach (var env in Evaluator.Query(parsed, ctx))
        {
            var bindings = names.Select(n => (n, Env.Get(env, n))).Where(b => b.Item2 is not null).Select(b => (b.n, b.Item2!)).ToList();
            var exprs = parsed.Select(e => (e.Text, ExprValue(e, env, ctx))).ToList();
            rows.Add(new QueryRow(exprs, bindings));
        }

        return rows;
    }

    private static Value ExprValue(Expr e, Env? env, EvalContext ctx)
    {
        if (e is not TermExpr { Negated: false, With.Count: 0 } t)
        {
            return Value.True;
        }

        Value result = Value.True;
        try
        {
            Evaluator.EvalTerm(t.Term, env, ctx, (v, _) =>
            {
                result = v;
                return false;
            });
        }
        catch (RegoException)
        {
            // The row was already produced; its expression value is informational only.
        }

        return result;
    }

    private static void CollectQueryVars(Expr e, List<string> names)
    {
        void Add(string n)
        {
            if (!n.StartsWith('$') && n is not ("data" or "input") && !names.Contains(n))
            {
                names.Add(n);
            }
        }

        void Visit(Term t)
        {
            if (t is VarTerm v)
            {
                Add(v.Name);
                return;
            }

            foreach (var child in TermChildren.Of(t))
            {
                Visit(child);
            }
        }

        switch (e)
        {
            case TermExpr t: Visit(t.Term); break;
            case UnifyExpr u: Visit(u.Left); Visit(u.Right); break;
            case AssignExpr a: Visit(a.Left); Visit(a.Right); break;
            case SomeDeclExpr s:
                foreach (var v in s.Vars)
                {
                    Add(v);
                }

                break;
            case SomeInExpr s:
                if (s.Key is not null)
                {
                    Visit(s.Key);
                }

                Visit(s.Val);
                Visit(s.Collection);
                break;
        }
    }
}
