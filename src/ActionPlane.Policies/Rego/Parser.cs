using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>
/// Recursive-descent parser for Rego v1: modules (package, imports, rules) and queries. Expression
/// and term parsing live in <c>Parser.Terms.cs</c>.
/// </summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> Keywords =
        ["package", "import", "default", "else", "if", "contains", "some", "every", "not", "with", "as", "in"];

    private readonly string _file;
    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _wildcards;
    private int _noPipe;

    private Parser(string file, string text)
    {
        _file = file;
        _text = text;
        _tokens = Lexer.Tokenize(file, text);
    }

    public static Module ParseModule(string file, string text) => new Parser(file, text).Module();

    /// <summary>Parses a query: expressions separated by <c>;</c> or newlines.</summary>
    public static IReadOnlyList<Expr> ParseQuery(string text, string file = "query")
    {
        var p = new Parser(file, text);
        var body = p.Literals(TokenKind.Eof);
        if (body.Count == 0)
        {
            throw new RegoException(RegoException.ParseError, "empty query", new Location(file, 1, 1));
        }

        return body;
    }

    /// <summary>Parses one term (used for <c>--input-term</c>).</summary>
    public static Term ParseTerm(string text, string file)
    {
        var p = new Parser(file, text);
        var t = p.InTerm();
        p.Expect(TokenKind.Eof, "end of term");
        return t;
    }

    private Token Cur => _tokens[_pos];

    private Token PeekTok(int ahead = 1) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private Token Take() => _tokens[_pos++ < _tokens.Count - 1 ? _pos - 1 : _tokens.Count - 1];

    private bool IsKw(string word) => Cur.IsKeyword(word) && !IsRefContinuation(PeekTok());

    private static bool IsRefContinuation(Token next) =>
        (next.Kind is TokenKind.Dot or TokenKind.LBracket or TokenKind.LParen) && !next.SpaceBefore;

    private RegoException Error(string message, Token? at = null) =>
        new(RegoException.ParseError, message, (at ?? Cur).Loc);

    private RegoException Unexpected(string expected)
    {
        var t = Cur;
        var what = t.Kind switch
        {
            TokenKind.Eof => "eof",
            TokenKind.Ident => Keywords.Contains(t.Text) ? t.Text + " keyword" : "ident",
            TokenKind.String or TokenKind.RawString => "string",
            TokenKind.Number => "number",
            _ => t.Text,
        };
        return Error($"unexpected {what} token: expected {expected}");
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Cur.Kind != kind)
        {
            throw Unexpected(what);
        }

        return Take();
    }

    private void ExpectKeyword(string word)
    {
        if (!Cur.IsKeyword(word))
        {
            throw Unexpected(word);
        }

        Take();
    }

    private Module Module()
    {
        if (!Cur.IsKeyword("package"))
        {
            throw Unexpected("package");
        }

        var start = Take();
        var package = new List<string> { Expect(TokenKind.Ident, "ident").Text };
        while (!Cur.SpaceBefore && (Cur.Is(TokenKind.Dot) || Cur.Is(TokenKind.LBracket)))
        {
            if (Take().Kind == TokenKind.Dot)
            {
                package.Add(Expect(TokenKind.Ident, "ident").Text);
            }
            else
            {
                var s = Cur;
                if (s.Kind is not (TokenKind.String or TokenKind.RawString))
                {
                    throw Unexpected("string");
                }

                Take();
                package.Add(s.Text);
                Expect(TokenKind.RBracket, "]");
            }
        }

        var imports = new List<Import>();
        var rules = new List<Rule>();
        while (Cur.Kind != TokenKind.Eof)
        {
            if (Cur.Kind == TokenKind.Semicolon)
            {
                Take();
                continue;
            }

            if (IsKw("import"))
            {
                var imp = ParseImport();
                if (imp is not null)
                {
                    imports.Add(imp);
                }

                continue;
            }

            rules.AddRange(ParseRule());
        }

        return new Module(_file, package, imports, rules, start.Loc);
    }

    private Import? ParseImport()
    {
        var start = Take();
        var path = new List<string> { Expect(TokenKind.Ident, "ident").Text };
        while (Cur.Is(TokenKind.Dot) || (Cur.Is(TokenKind.LBracket) && !Cur.SpaceBefore))
        {
            if (Take().Kind == TokenKind.Dot)
            {
                path.Add(Expect(TokenKind.Ident, "ident").Text);
            }
            else
            {
                path.Add(Expect(TokenKind.String, "string").Text);
                Expect(TokenKind.RBracket, "]");
            }
        }

        string? alias = null;
        if (Cur.IsKeyword("as"))
        {
            Take();
            alias = Expect(TokenKind.Ident, "ident").Text;
        }

        if (path[0] is "future" or "rego")
        {
            return null;
        }

        if (path[0] is not ("data" or "input"))
        {
            throw new RegoException(RegoException.ParseError, $"invalid import path: {string.Join('.', path)}: must begin with input or data", start.Loc);
        }

        return new Import(path, alias, start.Loc);
    }

    private IEnumerable<Rule> ParseRule()
    {
        var isDefault = false;
        if (IsKw("default"))
        {
            Take();
            isDefault = true;
        }

        var nameTok = Cur;
        if (nameTok.Kind != TokenKind.Ident)
        {
            throw Unexpected("ident");
        }

        Take();
        var refPath = new List<Term> { new ScalarTerm(Value.Str(nameTok.Text), nameTok.Loc) };
        List<Term>? args = null;
        while (!Cur.SpaceBefore && (Cur.Is(TokenKind.Dot) || Cur.Is(TokenKind.LBracket)))
        {
            if (Take().Kind == TokenKind.Dot)
            {
                var seg = Expect(TokenKind.Ident, "ident");
                refPath.Add(new ScalarTerm(Value.Str(seg.Text), seg.Loc));
            }
            else
            {
                refPath.Add(InTerm());
                Expect(TokenKind.RBracket, "]");
            }
        }

        if (Cur.Is(TokenKind.LParen) && !Cur.SpaceBefore)
        {
            Take();
            args = [];
            while (!Cur.Is(TokenKind.RParen))
            {
                args.Add(InTerm());
                if (!Cur.Is(TokenKind.Comma))
                {
                    break;
                }

                Take();
            }

            Expect(TokenKind.RParen, ")");
        }

        var kind = args is not null ? RuleKind.Function : RuleKind.SingleValue;
        Term? key = null;
        Term? value = null;
        if (IsKw("contains") && args is null)
        {
            Take();
            kind = RuleKind.MultiValue;
            key = InTerm();
        }
        else if (Cur.Is(TokenKind.Assign) || Cur.Is(TokenKind.Unify))
        {
            Take();
            value = InTerm();
        }

        if (isDefault && value is null)
        {
            throw Error("default rules must have a value", nameTok);
        }

        IReadOnlyList<Expr> body = [];
        var hasBody = false;
        if (!isDefault)
        {
            (body, hasBody) = RuleBody();
        }

        if (!hasBody && value is null && key is null && !isDefault)
        {
            if (args is null && refPath.Count == 1)
            {
                throw Error($"rule {nameTok.Text} has no body or value; expected := or if", nameTok);
            }
        }

        value ??= new ScalarTerm(Value.True, nameTok.Loc);
        var elseRule = kind == RuleKind.MultiValue ? null : ParseElse(refPath, args, nameTok);
        yield return new Rule(nameTok.Loc, kind, refPath, args, key, value, body, isDefault, elseRule);
    }

    private Rule? ParseElse(List<Term> refPath, List<Term>? args, Token nameTok)
    {
        if (!IsKw("else"))
        {
            return null;
        }

        var elseTok = Take();
        Term value = new ScalarTerm(Value.True, elseTok.Loc);
        if (Cur.Is(TokenKind.Assign) || Cur.Is(TokenKind.Unify))
        {
            Take();
            value = InTerm();
        }

        var (body, _) = RuleBody();
        var next = ParseElse(refPath, args, nameTok);
        return new Rule(elseTok.Loc, args is null ? RuleKind.SingleValue : RuleKind.Function, refPath, args, null, value, body, false, next);
    }

    private (IReadOnlyList<Expr> Body, bool HasBody) RuleBody()
    {
        if (IsKw("if"))
        {
            Take();
            if (Cur.Is(TokenKind.LBrace))
            {
                // A brace after "if" opens a body, unless it only parses as a term (e.g. a comprehension).
                var saved = _pos;
                try
                {
                    return (Block(), true);
                }
                catch (RegoException)
                {
                    _pos = saved;
                    try
                    {
                        return ([Literal()], true);
                    }
                    catch (RegoException)
                    {
                        _pos = saved;
                        return (Block(), true);
                    }
                }
            }

            return ([Literal()], true);
        }

        if (Cur.Is(TokenKind.LBrace) && !Cur.NewlineBefore)
        {
            return (Block(), true);
        }

        return ([], false);
    }

    private IReadOnlyList<Expr> Block()
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error("policy text is nested too deeply");
        }

        Expect(TokenKind.LBrace, "{");
        var body = Literals(TokenKind.RBrace);
        Expect(TokenKind.RBrace, "}");
        if (body.Count == 0)
        {
            throw Error("found empty body", _tokens[_pos - 1]);
        }

        return body;
    }

    /// <summary>Literals separated by <c>;</c> or newlines, up to (not including) <paramref name="end"/>.</summary>
    private List<Expr> Literals(TokenKind end)
    {
        var list = new List<Expr>();
        while (true)
        {
            while (Cur.Is(TokenKind.Semicolon))
            {
                Take();
            }

            if (Cur.Is(end) || Cur.Is(TokenKind.Eof))
            {
                return list;
            }

            list.Add(Literal());
            if (Cur.Is(TokenKind.Semicolon) || Cur.Is(end) || Cur.NewlineBefore)
            {
                continue;
            }

            throw Unexpected(end == TokenKind.Eof ? "end of query" : end == TokenKind.RBrace ? "}" : "]");
        }
    }

    private string TextFrom(Token start) => _text[start.Offset.._tokens[Math.Max(_pos - 1, 0)].End];
}
