using ActionPlane.Policies.Rego.Ast;
using ActionPlane.Policies.Rego.Builtins;

namespace ActionPlane.Policies.Rego;

/// <summary>How the fast path calls a call site's target.</summary>
internal enum CallKind
{
    /// <summary>Needs the general evaluator: a relation (<c>walk</c>), an output argument, an arity error, an unknown name.</summary>
    General,
    Compare,
    Builtin,
    Function,
}

internal enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// A call's target, resolved once per call term and rule tree instead of by name lookups on every
/// evaluation. Immutable, so concurrent evaluations may share and replace it freely.
/// </summary>
internal sealed class CallSite
{
    private CallSite(string name, RuleNode? root, int argCount, CallKind kind, Builtin? builtin, RuleNode? function, CompareOp op)
    {
        Name = name;
        Root = root;
        ArgCount = argCount;
        Kind = kind;
        Builtin = builtin;
        Function = function;
        Op = op;
    }

    public string Name { get; }
    public RuleNode? Root { get; }
    public int ArgCount { get; }
    public CallKind Kind { get; }
    public Builtin? Builtin { get; }
    public RuleNode? Function { get; }
    public CompareOp Op { get; }

    public static CallSite Resolve(CallTerm c, RuleNode root)
    {
        var cached = c.Cache.Site;
        if (cached is not null && cached.Name == c.Name && (cached.Root is null || ReferenceEquals(cached.Root, root)) && cached.ArgCount == c.Args.Count)
        {
            return cached;
        }

        var site = Create(c, root);
        c.Cache.Site = site;
        return site;
    }

    private static CallSite Create(CallTerm c, RuleNode root)
    {
        var argc = c.Args.Count;
        if (c.Name.StartsWith("data.", StringComparison.Ordinal))
        {
            var node = root.Find(c.Name.Split('.')[1..]);
            if (node is null || !node.IsFunction)
            {
                return new CallSite(c.Name, root, argc, CallKind.General, null, null, CompareOp.Equal);
            }

            var arity = node.Functions.Count > 0 ? node.Functions[0].Args!.Count : node.DefaultFunction!.Args!.Count;
            return new CallSite(c.Name, root, argc, arity == argc ? CallKind.Function : CallKind.General, null, node, CompareOp.Equal);
        }

        if (c.Name == "walk" || !BuiltinRegistry.TryGet(c.Name, out var builtin) || (builtin.Arity >= 0 && builtin.Arity != argc))
        {
            return new CallSite(c.Name, null, argc, CallKind.General, null, null, CompareOp.Equal);
        }

        CompareOp? op = c.Name switch
        {
            "equal" => CompareOp.Equal,
            "neq" => CompareOp.NotEqual,
            "lt" => CompareOp.Less,
            "lte" => CompareOp.LessOrEqual,
            "gt" => CompareOp.Greater,
            "gte" => CompareOp.GreaterOrEqual,
            _ => null,
        };
        return new CallSite(c.Name, null, argc, op is null ? CallKind.Builtin : CallKind.Compare, builtin, null, op ?? CompareOp.Equal);
    }
}
