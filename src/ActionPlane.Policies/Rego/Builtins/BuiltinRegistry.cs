namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>A builtin's implementation: null means undefined.</summary>
internal delegate Value? BuiltinFn(Value[] args, BuiltinContext ctx);

/// <summary>One builtin function: its name, arity (-1 for variadic) and implementation.</summary>
internal sealed record Builtin(string Name, int Arity, BuiltinFn Fn);

/// <summary>What a builtin may see of the evaluation: the session (clock, options) and the call site. A struct: one per call.</summary>
internal readonly record struct BuiltinContext(EvalSession Session, Location Loc, string Name);

/// <summary>The table of builtins, filled by the category files.</summary>
internal static partial class BuiltinRegistry
{
    private static readonly Dictionary<string, Builtin> All = Create();

    public static bool TryGet(string name, out Builtin builtin) => All.TryGetValue(name, out builtin!);

    public static IEnumerable<string> Names => All.Keys;

    private static Dictionary<string, Builtin> Create()
    {
        var table = new Dictionary<string, Builtin>(StringComparer.Ordinal);
        void Add(string name, int arity, BuiltinFn fn) => table[name] = new Builtin(name, arity, fn);
        Operators.Register(Add);
        Aggregates.Register(Add);
        Strings.Register(Add);
        StringsMore.Register(Add);
        Collections.Register(Add);
        Types.Register(Add);
        Encoding.Register(Add);
        Regexes.Register(Add);
        Times.Register(Add);
        Units.Register(Add);
        Crypto.Register(Add);
        Semver.Register(Add);
        Globs.Register(Add);
        JsonPatch.Register(Add);
        Jwt.Register(Add);
        Uuids.Register(Add);
        Yaml.Register(Add);
        return table;
    }
}
