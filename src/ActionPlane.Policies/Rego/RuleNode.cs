using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// One node of the virtual document tree under <c>data</c>: the rules whose static head prefix ends
/// here, the functions defined here, and child nodes (sub-packages and nested rule refs).
/// </summary>
internal sealed class RuleNode(IReadOnlyList<string> path)
{
    private RuleHead[]? _heads;
    private RuleIndex? _index;
    private bool _indexBuilt;

    public IReadOnlyList<string> Path { get; } = path;

    /// <summary>The node's index in its compiled tree (see <see cref="CompiledPolicy.NodeCount"/>).</summary>
    public int Id { get; set; }
    public string DottedPath { get; } = "data" + string.Concat(path.Select(p => "." + p));
    public Dictionary<string, RuleNode> Children { get; } = new(StringComparer.Ordinal);
    public List<Rule> Rules { get; } = [];
    public List<Rule> Functions { get; } = [];
    public Rule? Default { get; set; }
    public Rule? DefaultFunction { get; set; }

    /// <summary>The rules with their head terms past this node's path (object keys of partial object rules), built on first use.</summary>
    public RuleHead[] Heads => _heads ??= [.. Rules.Select(r => new RuleHead(r, [.. r.Ref.Skip(StaticPrefix(r))]))];

    /// <summary>The node's rule index (see <see cref="RuleIndex"/>), built on first use; null when its rules are scanned.</summary>
    public RuleIndex? Index
    {
        get
        {
            if (!_indexBuilt)
            {
                _index = RuleIndex.Build(Heads);
                _indexBuilt = true;
            }

            return _index;
        }
    }

    public bool HasValueRules => Rules.Count > 0 || Default is not null;

    public bool IsFunction => Functions.Count > 0 || DefaultFunction is not null;

    /// <summary>A function and nothing else: it is not part of the data document.</summary>
    public bool IsPureFunction => IsFunction && !HasValueRules && Children.Count == 0;

    public RuleNode Child(string name)
    {
        if (!Children.TryGetValue(name, out var child))
        {
            child = new RuleNode([.. Path, name]);
            Children[name] = child;
        }

        return child;
    }

    public RuleNode? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var p in path)
        {
            if (!node.Children.TryGetValue(p, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>How many leading head-ref elements are constant strings (the node the rule lives at).</summary>
    public static int StaticPrefix(Rule rule)
    {
        var i = 0;
        while (i < rule.Ref.Count && rule.Ref[i] is ScalarTerm { Value: StringValue })
        {
            i++;
        }

        return i;
    }
}

/// <summary>A rule of a node and the key terms its head ref adds below the node (empty for most rules).</summary>
internal sealed record RuleHead(Rule Rule, IReadOnlyList<Term> Relative);
