using System.Diagnostics;

namespace ActionPlane.Policies.Rego;

/// <summary>Per-query state shared by all contexts: options, budget, the frozen clock.</summary>
internal sealed class EvalSession(EvalOptions options)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private Dictionary<string, Value>? _memo;
    private long _steps;

    public EvalOptions Options { get; } = options;

    /// <summary>Results of non-deterministic builtins (uuid, rand), fixed for the rest of the query as OPA does.</summary>
    public Dictionary<string, Value> Memo => _memo ??= [];
    public int Depth { get; set; }
    /// <summary>"Now" for <c>time.now_ns</c>, read once so every call in one query agrees.</summary>
    public long NowNs { get; } = ToNanos(options.Now ?? DateTimeOffset.UtcNow);

    public CancellationToken CancellationToken => Options.CancellationToken;

    private static long ToNanos(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public void Step()
    {
        if ((++_steps & 1023) != 0)
        {
            return;
        }

        if (Stopwatch.GetElapsedTime(_started) > Options.Timeout)
        {
            throw new RegoException(RegoException.Cancel, $"evaluation exceeded the time limit of {Options.Timeout.TotalMilliseconds:0} ms");
        }

        if (Options.CancellationToken.IsCancellationRequested)
        {
            throw new RegoException(RegoException.Cancel, "evaluation cancelled");
        }
    }
}

/// <summary>Evaluation options: strict builtin errors, limits, and a fixed "now".</summary>
internal sealed record EvalOptions
{
    public bool StrictBuiltinErrors { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    public int MaxDepth { get; init; } = 200;
    public DateTimeOffset? Now { get; init; }

    /// <summary>Use the rule index (see <see cref="RuleIndex"/>); off only to check it against a scan.</summary>
    public bool RuleIndexing { get; init; } = true;
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>What a <c>with</c> replaced a function with: a constant value or another function by name.</summary>
internal sealed record FunctionOverride(Value? Constant, string? Target);

/// <summary>
/// The documents an expression is evaluated against. <c>with</c> derives a new context with its
/// own rule cache, so replaced input/data never leaks into cached results of the outer one.
/// </summary>
internal sealed class EvalContext
{
    public required CompiledPolicy Policy { get; init; }
    public required EvalSession Session { get; init; }
    public Value? Input { get; init; }

    /// <summary>Base documents, with any <c>with data...</c> replacements applied.</summary>
    public required Value Data { get; init; }
    public IReadOnlyList<(IReadOnlyList<string> Path, Value Value)> DataOverrides { get; init; } = [];
    public IReadOnlyDictionary<string, FunctionOverride> FunctionOverrides { get; init; } = NoOverrides;

    /// <summary>The value of a data node already evaluated in this context (null: undefined).</summary>
    public bool TryGetCached(RuleNode node, out Value? value)
    {
        var slot = _cache?[node.Id >> CacheChunkBits]?[node.Id & (CacheChunkSize - 1)];
        value = ReferenceEquals(slot, Undefined) ? null : slot;
        return slot is not null;
    }

    public void SetCached(RuleNode node, Value? value)
    {
        _cache ??= new Value?[]?[(Policy.NodeCount >> CacheChunkBits) + 1];
        // The last chunk holds only the nodes that exist (a small bundle has one short chunk).
        var first = node.Id & ~(CacheChunkSize - 1);
        var chunk = _cache[node.Id >> CacheChunkBits] ??= new Value?[Math.Min(CacheChunkSize, Policy.NodeCount - first)];
        chunk[node.Id & (CacheChunkSize - 1)] = value ?? Undefined;
    }
    public HashSet<RuleNode> InProgress => _inProgress ??= [];
    public Dictionary<(string, Value), Value?> FunctionCache => _functionCache ??= [];

    private static readonly Dictionary<string, FunctionOverride> NoOverrides = [];
    // Indexed by RuleNode.Id: the rule cache is the hottest lookup of a query. In chunks of 32 nodes,
    // allocated when first used: a bundle has hundreds of nodes (its tests among them) and a query
    // touches few (the decision-log mask two), and every query and every `with` has its own cache.
    private const int CacheChunkBits = 5;
    private const int CacheChunkSize = 1 << CacheChunkBits;
    // A cached undefined value, told apart from a slot never set (null).
    private static readonly Value Undefined = new StringValue("(cached: undefined)");
    private Value?[]?[]? _cache;
    private HashSet<RuleNode>? _inProgress;
    private Dictionary<(string, Value), Value?>? _functionCache;

    public EvalContext Derive(Value? input, IReadOnlyList<(IReadOnlyList<string>, Value)> overrides, IReadOnlyDictionary<string, FunctionOverride> functions, Value data) =>
        new() { Policy = Policy, Session = Session, Input = input, DataOverrides = overrides, FunctionOverrides = functions, Data = data };
}
