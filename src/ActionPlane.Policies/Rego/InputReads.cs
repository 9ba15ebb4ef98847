using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// Which parts of <c>input</c> a document can read, found by walking every rule and function it can
/// reach: when each use of <c>input</c> is a reference with a constant first segment
/// (<c>input.input.user.email</c>), the document's value depends only on the values at those constant
/// prefixes, so a caller may convert just them instead of the whole input (the decision-log mask
/// reads three fields of a record that carries the whole gate input). Anything the walk cannot bound
/// (<c>input</c> as a whole, a non-constant first segment, any <c>with</c>, <c>data</c> as a whole)
/// makes the answer null: read everything.
/// </summary>
internal static class InputReads
{
    /// <summary>
    /// The constant input prefixes the document at <paramref name="path"/> reads (none overlapping: a
    /// prefix of another replaces it), or null when the reads cannot be bounded.
    /// </summary>
    public static IReadOnlyList<string[]>? Of(CompiledPolicy policy, IReadOnlyList<string> path)
    {
        var walk = new Walk(policy.Root);
        if (!walk.Node(path, subtree: true))
            return null;
        while (walk.Pending.Count > 0)
        {
            if (!walk.Rule(walk.Pending.Pop()))
                return null;
        }
        return Minimal(walk.Prefixes);
    }

    /// <summary>The read prefixes as a tree: per key, the reads below it, or null when the whole value is read.</summary>
    public sealed record Tree((string Key, Tree? Below)[] Keys)
    {
        public static Tree From(IReadOnlyList<string[]> prefixes) => From(prefixes, 0);

        private static Tree From(IEnumerable<string[]> prefixes, int depth) =>
            new([.. prefixes.GroupBy(p => p[depth], StringComparer.Ordinal)
                .Select(g => (g.Key, g.Any(p => p.Length == depth + 1) ? null : From(g, depth + 1)))]);
    }

    private static List<string[]> Minimal(List<string[]> prefixes)
    {
        var result = new List<string[]>();
        foreach (var p in prefixes.OrderBy(p => p.Length))
        {
            if (!result.Any(r => r.Length <= p.Length && r.AsSpan().SequenceEqual(p.AsSpan(0, r.Length))))
                result.Add(p);
        }
        return result;
    }

    private sealed class Walk(RuleNode root)
    {
        private readonly HashSet<Rule> _seen = new(ReferenceEqualityComparer.Instance);

        public Stack<Rule> Pending { get; } = new();
        public List<string[]> Prefixes { get; } = [];

        /// <summary>
        /// Queues the rules a <c>data</c> reference with this constant path can evaluate: those of every
        /// node on the way (a rule higher up may produce keys below it) and, when the reference goes on
        /// past its constant part or asks for a whole node, those of the whole subtree.
        /// </summary>
        public bool Node(IReadOnlyList<string> path, bool subtree)
        {
            var node = root;
            Queue(node, false);
            foreach (var segment in path)
            {
                if (!node.Children.TryGetValue(segment, out var child))
                    return true; // Base data or undefined below here: no more rules.
                node = child;
                Queue(node, false);
            }
            if (subtree)
                Queue(node, true);
            return true;
        }

        private void Queue(RuleNode node, bool subtree)
        {
            foreach (var r in node.Rules)
                Add(r);
            if (node.Default is { } d)
                Add(d);
            foreach (var f in node.Functions)
                Add(f);
            if (node.DefaultFunction is { } df)
                Add(df);
            if (subtree)
            {
                foreach (var child in node.Children.Values)
                    Queue(child, true);
            }
        }

        private void Add(Rule rule)
        {
            for (var r = rule; r is not null; r = r.Else)
            {
                if (_seen.Add(r))
                    Pending.Push(r);
            }
        }

        public bool Rule(Rule rule) =>
            rule.Ref.All(Term) && (rule.Args ?? []).All(Term) && (rule.Key is null || Term(rule.Key)) && Term(rule.Value) && Body(rule.Body);

        private bool Body(IReadOnlyList<Expr> body) => body.All(Expr);

        private bool Expr(Expr e)
        {
            if (e.With.Count > 0)
                return false;
            return e switch
            {
                TermExpr t => Term(t.Term),
                UnifyExpr u => Term(u.Left) && Term(u.Right),
                AssignExpr a => Term(a.Left) && Term(a.Right),
                SomeDeclExpr => true,
                SomeInExpr s => (s.Key is null || Term(s.Key)) && Term(s.Val) && Term(s.Collection),
                EveryExpr ev => (ev.Key is null || Term(ev.Key)) && Term(ev.Val) && Term(ev.Domain) && Body(ev.Body),
                _ => false,
            };
        }

        private bool Term(Term t)
        {
            switch (t)
            {
                case VarTerm { Name: "input" or "data" }:
                    return false;
                case RefTerm { Head: VarTerm { Name: "input" } } r:
                    var prefix = Constant(r.Path);
                    if (prefix.Count == 0)
                        return false;
                    Prefixes.Add([.. prefix]);
                    return r.Path.All(Term);
                case RefTerm { Head: VarTerm { Name: "data" } } r:
                    var dataPrefix = Constant(r.Path);
                    // data[x] or data.a[x]: every rule below the constant part may be evaluated.
                    if (!Node(dataPrefix, subtree: true))
                        return false;
                    return r.Path.All(Term);
                case CallTerm c:
                    if (c.Name.StartsWith("data.", StringComparison.Ordinal) && !Node(c.Name.Split('.')[1..], subtree: false))
                        return false;
                    return c.Args.All(Term);
                case ArrayComprehension ac:
                    return Term(ac.Head) && Body(ac.Body);
                case SetComprehension sc:
                    return Term(sc.Head) && Body(sc.Body);
                case ObjectComprehension oc:
                    return Term(oc.Key) && Term(oc.Value) && Body(oc.Body);
                default:
                    return TermChildren.Of(t).All(Term);
            }
        }

        private static List<string> Constant(IReadOnlyList<Term> path)
        {
            var prefix = new List<string>();
            foreach (var segment in path)
            {
                if (segment is not ScalarTerm { Value: StringValue s })
                    break;
                prefix.Add(s.Value);
            }
            return prefix;
        }
    }
}
