using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// Rule indexing for one node of the rule tree: rules (with their <c>else</c> chains) whose body starts
/// with <c>input.a.b == constant</c> are grouped by that ref and keyed by the constant, so a query
/// looks the ref up once and evaluates only the rules keyed on its value, plus the rules that cannot
/// be indexed. Exactly the rules a scan would skip are skipped: a body whose first expression is an
/// equality that fails produces nothing, and that expression can neither bind, raise nor have effects.
/// </summary>
internal sealed class RuleIndex
{
    /// <summary>Fewer keyed rules than this are scanned: a lookup costs about as much as a few failed comparisons.</summary>
    public const int MinKeyedRules = 4;

    private readonly RefTerm[] _refs;
    private readonly Dictionary<Value, int[]>[] _byValue;

    private RuleIndex(RefTerm[] refs, Dictionary<Value, int[]>[] byValue, int[] unindexed, RuleHead[] startHeads)
    {
        _refs = refs;
        _byValue = byValue;
        Unindexed = unindexed;
        StartHeads = startHeads;
    }

    /// <summary>Positions (in <see cref="RuleNode.Heads"/>) of the rules that are always evaluated, ascending.</summary>
    public int[] Unindexed { get; }

    /// <summary>One head per kind of output (set, object), so that skipped rules still shape an empty result.</summary>
    public RuleHead[] StartHeads { get; }

    /// <summary>The index of a node's rules, or null when too few of them are keyed on an input equality.</summary>
    public static RuleIndex? Build(RuleHead[] heads)
    {
        var groups = new Dictionary<string, (RefTerm Ref, Dictionary<Value, List<int>> ByValue)>(StringComparer.Ordinal);
        var unindexed = new List<int>();
        var keyed = 0;
        for (var i = 0; i < heads.Length; i++)
        {
            if (ChainKeys(heads[i].Rule) is not { } chain)
            {
                unindexed.Add(i);
                continue;
            }

            keyed++;
            if (!groups.TryGetValue(chain.Path, out var group))
            {
                group = (chain.Ref, new Dictionary<Value, List<int>>());
                groups[chain.Path] = group;
            }

            foreach (var key in chain.Keys)
            {
                if (!group.ByValue.TryGetValue(key, out var list))
                {
                    group.ByValue[key] = list = [];
                }

                if (list.Count == 0 || list[^1] != i)
                {
                    list.Add(i);
                }
            }
        }

        if (keyed < MinKeyedRules)
        {
            return null;
        }

        var startHeads = heads.Where(h => h.Relative.Count > 0).Take(1)
            .Concat(heads.Where(h => h.Relative.Count == 0 && h.Rule.Kind == RuleKind.MultiValue).Take(1))
            .ToArray();
        var values = groups.Values.ToArray();
        return new RuleIndex(
            [.. values.Select(g => g.Ref)],
            [.. values.Select(g => g.ByValue.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()))],
            [.. unindexed],
            startHeads);
    }

    /// <summary>
    /// The keyed rules that match the current input, ascending, or null when the index cannot tell
    /// (the caller then scans every rule).
    /// </summary>
    public int[]? Matching(EvalContext ctx)
    {
        int[]? single = null;
        List<int>? several = null;
        for (var g = 0; g < _refs.Length; g++)
        {
            if (!Evaluator.TryDirect(_refs[g], null, ctx, out var value))
            {
                return null;
            }

            if (value is null || !_byValue[g].TryGetValue(value, out var matched))
            {
                continue;
            }

            if (single is null)
            {
                single = matched;
                continue;
            }

            several ??= [.. single];
            several.AddRange(matched);
        }

        if (several is not null)
        {
            several.Sort();
            return [.. several];
        }

        return single ?? [];
    }

    /// <summary>The ref and constants a rule's clauses are keyed on; null unless every clause starts with an equality on the same input ref.</summary>
    private static (RefTerm Ref, string Path, List<Value> Keys)? ChainKeys(Rule rule)
    {
        (RefTerm Ref, string Path, List<Value> Keys)? chain = null;
        for (var clause = rule; clause is not null; clause = clause.Else)
        {
            if (Key(clause) is not { } key || (chain is { } c && c.Path != key.Path))
            {
                return null;
            }

            chain ??= (key.Ref, key.Path, []);
            chain.Value.Keys.Add(key.Value);
        }

        return chain;
    }

    /// <summary><c>input.a.b == "c"</c>, <c>"c" == input.a.b</c> or <c>input.a.b = "c"</c> as the clause's first expression.</summary>
    private static (RefTerm Ref, string Path, Value Value)? Key(Rule clause)
    {
        if (clause.Body.Count == 0 || clause.Body[0] is not { Negated: false, With.Count: 0 } first)
        {
            return null;
        }

        var (left, right) = first switch
        {
            TermExpr { Term: CallTerm { Name: "equal", Args.Count: 2 } call } => (call.Args[0], call.Args[1]),
            UnifyExpr u => (u.Left, u.Right),
            _ => (null, null),
        };
        if (left is ScalarTerm && right is RefTerm)
        {
            (left, right) = (right, left);
        }

        if (left is not RefTerm { Head: VarTerm { Name: "input" } } inputRef || right is not ScalarTerm constant
            || inputRef.Path.Count == 0 || !inputRef.Path.All(p => p is ScalarTerm))
        {
            return null;
        }

        var path = string.Join('\u0001', inputRef.Path.Select(p => ValueJson.Serialize(((ScalarTerm)p).Value)));
        return (inputRef, path, constant.Value);
    }
}
