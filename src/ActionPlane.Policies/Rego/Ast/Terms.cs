namespace ActionPlane.Policies.Rego.Ast;

/// <summary>A Rego term: the expression-level building block of rules and queries.</summary>
internal abstract record Term(Location Loc);

internal sealed record ScalarTerm(Value Value, Location Loc) : Term(Loc);

internal sealed record VarTerm(string Name, Location Loc) : Term(Loc)
{
    public bool IsWildcard => Name.StartsWith('$');
}

/// <summary>A reference such as <c>input.a[x].b</c>; <see cref="Head"/> is a var or any other term.</summary>
internal sealed record RefTerm(Term Head, IReadOnlyList<Term> Path, Location Loc) : Term(Loc);

internal sealed record ArrayTerm(IReadOnlyList<Term> Items, Location Loc) : Term(Loc);

internal sealed record SetTerm(IReadOnlyList<Term> Items, Location Loc) : Term(Loc);

internal sealed record ObjectTerm(IReadOnlyList<(Term Key, Term Value)> Items, Location Loc) : Term(Loc);

internal sealed record ArrayComprehension(Term Head, IReadOnlyList<Expr> Body, Location Loc) : Term(Loc);

internal sealed record SetComprehension(Term Head, IReadOnlyList<Expr> Body, Location Loc) : Term(Loc);

internal sealed record ObjectComprehension(Term Key, Term Value, IReadOnlyList<Expr> Body, Location Loc) : Term(Loc);

/// <summary><c>$"a {x} b"</c>: alternating literal strings (even indexes) and embedded expressions (odd indexes).</summary>
internal sealed record TemplateTerm(IReadOnlyList<Term> Parts, Location Loc) : Term(Loc);

/// <summary>A call of a builtin, operator or user function, by its (resolved) dotted name.</summary>
internal sealed record CallTerm(string Name, IReadOnlyList<Term> Args, Location Loc) : Term(Loc)
{
    /// <summary>The resolved target, filled on first evaluation (see <see cref="CallSite"/>).</summary>
    internal EvalCache Cache { get; } = new();
}

/// <summary>
/// Evaluation state cached on an AST node. Not part of the node's value: every cache equals every
/// other, so record equality and hashing of terms ignore it.
/// </summary>
internal sealed class EvalCache
{
    public CallSite? Site { get; set; }

    public override bool Equals(object? obj) => obj is EvalCache;

    public override int GetHashCode() => 0;
}
