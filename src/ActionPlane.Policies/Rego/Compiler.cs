using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// Builds the rule tree from parsed modules and resolves names: a var naming a rule of the same
/// package (or an import) becomes a <c>data</c> reference, calls get their full function path.
/// </summary>
internal sealed class Compiler
{
    private readonly RuleNode _root = new([]);

    public static CompiledPolicy Compile(IEnumerable<Module> modules, Value? data)
    {
        var compiler = new Compiler();
        var list = modules.ToList();
        var rulesByPackage = new Dictionary<string, HashSet<string>>();
        foreach (var m in list)
        {
            var key = string.Join('.', m.Package);
            if (!rulesByPackage.TryGetValue(key, out var names))
            {
                rulesByPackage[key] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var r in m.Rules)
            {
                names.Add(((StringValue)((ScalarTerm)r.Ref[0]).Value).Value);
            }
        }

        var arity = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in list)
        {
            foreach (var r in m.Rules.Where(r => r.Kind == RuleKind.Function && r.Ref.All(t => t is ScalarTerm { Value: StringValue })))
            {
                arity[string.Join('.', new[] { "data" }.Concat(m.Package).Concat(r.Ref.Select(t => ((StringValue)((ScalarTerm)t).Value).Value)))] = r.Args!.Count;
            }
        }

        foreach (var m in list)
        {
            var packageNode = compiler._root;
            foreach (var p in m.Package)
            {
                packageNode = packageNode.Child(p);
            }

            var scope = new Scope(m.Package, rulesByPackage[string.Join('.', m.Package)], m.Imports, arity);
            foreach (var rule in m.Rules)
            {
                compiler.Add(scope.ResolveRule(rule) with { Package = m.Package, Module = m });
            }
        }

        return new CompiledPolicy(compiler._root, data ?? ObjectValue.Empty);
    }

    /// <summary>Resolves a query: no package, so only <c>data</c>, <c>input</c> and locals.</summary>
    public static IReadOnlyList<Expr> CompileQuery(IReadOnlyList<Expr> query)
    {
        var scope = new Scope([], new HashSet<string>(), []);
        return scope.ResolveBody(query, scope.DeclaredIn(query, null));
    }

    private void Add(Rule rule)
    {
        var node = _root;
        foreach (var p in rule.Package)
        {
            node = node.Child(p);
        }

        var prefix = RuleNode.StaticPrefix(rule);
        if (rule.Kind == RuleKind.Function)
        {
            if (prefix != rule.Ref.Count)
            {
                throw new RegoException(RegoException.CompileError, "function names must be constant", rule.Loc);
            }

            prefix = rule.Ref.Count;
        }

        for (var i = 0; i < prefix; i++)
        {
            node = node.Child(((StringValue)((ScalarTerm)rule.Ref[i]).Value).Value);
        }

        if (rule.Kind == RuleKind.Function)
        {
            if (rule.IsDefault)
            {
                node.DefaultFunction = rule;
            }
            else
            {
                node.Functions.Add(rule);
            }
        }
        else if (rule.IsDefault)
        {
            if (node.Default is not null)
            {
                throw new RegoException(RegoException.TypeErrorCompile, $"multiple default rules {node.DottedPath} found", rule.Loc);
            }

            node.Default = rule;
        }
        else
        {
            node.Rules.Add(rule);
        }
    }
}

/// <summary>The compiled rule tree and base documents, ready to evaluate.</summary>
internal sealed record CompiledPolicy(RuleNode Root, Value Data)
{
    /// <summary>How many nodes the rule tree has (numbered 0..NodeCount-1): the size of a query's rule cache.</summary>
    public int NodeCount { get; } = Number(Root, 0);

    private static int Number(RuleNode node, int next)
    {
        node.Id = next++;
        foreach (var child in node.Children.Values)
        {
            next = Number(child, next);
        }

        return next;
    }
}
