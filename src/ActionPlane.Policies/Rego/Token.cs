namespace ActionPlane.Policies.Rego;

internal enum TokenKind
{
    Eof, Ident, Number, String, RawString, Template,
    LBrace, RBrace, LBracket, RBracket, LParen, RParen,
    Dot, Comma, Semicolon, Colon, Pipe, Amp,
    Assign, Unify, Eq, Neq, Lt, Lte, Gt, Gte,
    Plus, Minus, Star, Slash, Percent,
}

/// <summary>One lexical token; <see cref="NewlineBefore"/> and <see cref="SpaceBefore"/> drive Rego's layout rules.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, Location Loc, bool NewlineBefore, bool SpaceBefore, int Offset, int End)
{
    public bool Is(TokenKind kind) => Kind == kind;
    public bool IsKeyword(string word) => Kind == TokenKind.Ident && Text == word;
}
