namespace ActionPlane.Policies.Rego.Ast;

/// <summary>One expression (literal) of a rule body or query, optionally negated and with <c>with</c> modifiers.</summary>
internal abstract record Expr(Location Loc)
{
    public bool Negated { get; init; }
    public IReadOnlyList<WithModifier> With { get; init; } = [];
    public string Text { get; init; } = "";
}

internal sealed record WithModifier(Term Target, Term Value, Location Loc);

internal sealed record TermExpr(Term Term, Location Loc) : Expr(Loc);

internal sealed record UnifyExpr(Term Left, Term Right, Location Loc) : Expr(Loc);

internal sealed record AssignExpr(Term Left, Term Right, Location Loc) : Expr(Loc);

internal sealed record SomeDeclExpr(IReadOnlyList<string> Vars, Location Loc) : Expr(Loc);

internal sealed record SomeInExpr(Term? Key, Term Val, Term Collection, Location Loc) : Expr(Loc);

internal sealed record EveryExpr(Term? Key, Term Val, Term Domain, IReadOnlyList<Expr> Body, Location Loc) : Expr(Loc);
