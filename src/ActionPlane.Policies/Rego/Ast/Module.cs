namespace ActionPlane.Policies.Rego.Ast;

/// <summary>A parsed <c>.rego</c> file.</summary>
internal sealed record Module(string File, IReadOnlyList<string> Package, IReadOnlyList<Import> Imports, IReadOnlyList<Rule> Rules, Location Loc);

/// <summary><c>import data.a.b as c</c>: <see cref="Path"/> starts with the root (<c>data</c> or <c>input</c>).</summary>
internal sealed record Import(IReadOnlyList<string> Path, string? Alias, Location Loc)
{
    public string Name => Alias ?? Path[^1];
}

internal enum RuleKind
{
    /// <summary><c>p := v</c>, <c>p if ...</c>, <c>a.b[x] := v</c>: one value per (ground) ref.</summary>
    SingleValue,

    /// <summary><c>p contains x</c>: a partial set.</summary>
    MultiValue,

    /// <summary><c>f(x) := y</c>.</summary>
    Function,
}

/// <summary>
/// A rule. <see cref="Ref"/> is the head reference relative to the package (first element is the
/// name as a string scalar, later elements may be any term); <see cref="Else"/> chains alternatives.
/// </summary>
internal sealed record Rule(
    Location Loc,
    RuleKind Kind,
    IReadOnlyList<Term> Ref,
    IReadOnlyList<Term>? Args,
    Term? Key,
    Term Value,
    IReadOnlyList<Expr> Body,
    bool IsDefault,
    Rule? Else)
{
    public IReadOnlyList<string> Package { get; init; } = [];
    public Module? Module { get; init; }
}
