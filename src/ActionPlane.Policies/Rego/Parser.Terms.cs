using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>Expression (literal) and term parsing, from <c>in</c> down to primary terms.</summary>
internal sealed partial class Parser
{
    private Expr Literal()
    {
        var start = Cur;
        Expr expr;
        if (IsKw("some"))
        {
            expr = Some();
        }
        else if (IsKw("every"))
        {
            expr = Every();
        }
        else
        {
            var negated = false;
            if (IsKw("not"))
            {
                Take();
                negated = true;
            }

            var left = KeyedInTerm();
            if (Cur.Is(TokenKind.Assign) || Cur.Is(TokenKind.Unify))
            {
                var op = Take();
                var right = InTerm();
                expr = op.Kind == TokenKind.Assign
                    ? new AssignExpr(left, right, op.Loc) { Negated = negated }
                    : new UnifyExpr(left, right, op.Loc) { Negated = negated };
                if (op.Kind == TokenKind.Assign && negated)
                {
                    throw Error("cannot negate an assignment", start);
                }
            }
            else
            {
                expr = new TermExpr(left, left.Loc) { Negated = negated };
            }
        }

        var withs = new List<WithModifier>();
        while (IsKw("with"))
        {
            var w = Take();
            var target = Postfix(Primary());
            ExpectKeyword("as");
            var value = InTerm();
            withs.Add(new WithModifier(target, value, w.Loc));
        }

        return expr with { With = withs, Text = TextFrom(start) };
    }

    private Expr Some()
    {
        var start = Take();
        var terms = new List<Term> { RelTerm() };
        while (Cur.Is(TokenKind.Comma))
        {
            Take();
            terms.Add(RelTerm());
        }

        if (IsKw("in"))
        {
            Take();
            if (terms.Count > 2)
            {
                throw Error("unexpected , token: expected at most two terms before in", start);
            }

            var coll = RelTerm();
            return terms.Count == 2
                ? new SomeInExpr(terms[0], terms[1], coll, start.Loc)
                : new SomeInExpr(null, terms[0], coll, start.Loc);
        }

        var names = new List<string>();
        foreach (var t in terms)
        {
            if (t is not VarTerm v)
            {
                throw new RegoException(RegoException.ParseError, "expected var after some", t.Loc);
            }

            names.Add(v.Name);
        }

        return new SomeDeclExpr(names, start.Loc);
    }

    private Expr Every()
    {
        var start = Take();
        var first = RelTerm();
        Term? key = null;
        var val = first;
        if (Cur.Is(TokenKind.Comma))
        {
            Take();
            key = first;
            val = RelTerm();
        }

        ExpectKeyword("in");
        var domain = RelTerm();
        var body = Block();
        return new EveryExpr(key, val, domain, body, start.Loc);
    }

    /// <summary>Where a comma cannot mean anything else (expression start, parentheses): <c>k, v in coll</c>.</summary>
    private Term KeyedInTerm()
    {
        var first = InTerm();
        if (!Cur.Is(TokenKind.Comma) || first is CallTerm { Name: "internal.member_2" })
        {
            return first;
        }

        var comma = Take();
        var val = RelTerm();
        if (!IsKw("in"))
        {
            throw Unexpected("in");
        }

        Take();
        var coll = RelTerm();
        return ContinueIn(new CallTerm("internal.member_3", [first, val, coll], comma.Loc));
    }

    /// <summary>The loosest term level: <c>x in xs</c>.</summary>
    private Term InTerm() => ContinueIn(RelTerm());

    private Term ContinueIn(Term left)
    {
        while (IsKw("in") && !Cur.NewlineBefore)
        {
            var op = Take();
            var right = RelTerm();
            left = new CallTerm("internal.member_2", [left, right], op.Loc);
        }

        return left;
    }

    private Term RelTerm() => Binary(0);

    private static readonly TokenKind[][] Levels =
    [
        [TokenKind.Eq, TokenKind.Neq, TokenKind.Lt, TokenKind.Lte, TokenKind.Gt, TokenKind.Gte],
        [TokenKind.Pipe],
        [TokenKind.Amp],
        [TokenKind.Plus, TokenKind.Minus],
        [TokenKind.Star, TokenKind.Slash, TokenKind.Percent],
    ];

    private static string OperatorName(TokenKind kind) => kind switch
    {
        TokenKind.Eq => "equal",
        TokenKind.Neq => "neq",
        TokenKind.Lt => "lt",
        TokenKind.Lte => "lte",
        TokenKind.Gt => "gt",
        TokenKind.Gte => "gte",
        TokenKind.Pipe => "or",
        TokenKind.Amp => "and",
        TokenKind.Plus => "plus",
        TokenKind.Minus => "minus",
        TokenKind.Star => "mul",
        TokenKind.Slash => "div",
        _ => "rem",
    };

    private Term Binary(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }

        var left = Binary(level + 1);
        while (Levels[level].Contains(Cur.Kind) && !Cur.NewlineBefore && !(Cur.Kind == TokenKind.Pipe && _noPipe > 0))
        {
            var op = Take();
            var right = Binary(level + 1);
            left = new CallTerm(OperatorName(op.Kind), [left, right], op.Loc);
        }

        return left;
    }

    private Term Unary()
    {
        if (Cur.Is(TokenKind.Minus))
        {
            var minus = Take();
            if (Cur.Is(TokenKind.Number) && !Cur.SpaceBefore)
            {
                var num = Take();
                var term = Postfix(NumberTerm("-" + num.Text, minus));
                return term;
            }

            var operand = Unary();
            return new CallTerm("minus", [new ScalarTerm(Value.Num(0), minus.Loc), operand], minus.Loc);
        }

        return Postfix(Primary());
    }

    private ScalarTerm NumberTerm(string text, Token at) =>
        Number.TryParse(text, out var n)
            ? new ScalarTerm(NumberValue.FromText(n, text), at.Loc)
            : throw Error($"invalid number {text}", at);

    private Term Primary()
    {
        var t = Cur;
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error("policy text is nested too deeply", t);
        }

        switch (t.Kind)
        {
            case TokenKind.Number:
                Take();
                return NumberTerm(t.Text, t);
            case TokenKind.String:
            case TokenKind.RawString:
                Take();
                return new ScalarTerm(Value.Str(t.Text), t.Loc);
            case TokenKind.Template:
                Take();
                return Template(t);
            case TokenKind.Ident:
                if (Keywords.Contains(t.Text) && !IsRefContinuation(PeekTok()))
                {
                    throw Unexpected("term");
                }

                Take();
                if (t.Text is "true" or "false" or "null" && IsRefContinuation(Cur))
                {
                    return new VarTerm(t.Text, t.Loc);
                }

                return t.Text switch
                {
                    "true" => new ScalarTerm(Value.True, t.Loc),
                    "false" => new ScalarTerm(Value.False, t.Loc),
                    "null" => new ScalarTerm(Value.Null, t.Loc),
                    "_" => new VarTerm("$_" + _wildcards++, t.Loc),
                    _ => new VarTerm(t.Text, t.Loc),
                };
            case TokenKind.LParen:
                Take();
                var saved = _noPipe;
                _noPipe = 0;
                var inner = KeyedInTerm();
                _noPipe = saved;
                Expect(TokenKind.RParen, ")");
                return inner;
            case TokenKind.LBracket:
                return ArrayOrComprehension();
            case TokenKind.LBrace:
                return BraceTerm();
            default:
                throw Unexpected("term");
        }
    }

    private T NoPipe<T>(Func<T> parse)
    {
        _noPipe++;
        try
        {
            return parse();
        }
        finally
        {
            _noPipe--;
        }
    }

    private Term Postfix(Term term)
    {
        while (!Cur.SpaceBefore)
        {
            if (Cur.Is(TokenKind.Dot))
            {
                Take();
                var id = Expect(TokenKind.Ident, "ident");
                term = Append(term, new ScalarTerm(Value.Str(id.Text), id.Loc));
            }
            else if (Cur.Is(TokenKind.LBracket))
            {
                Take();
                var saved = _noPipe;
                _noPipe = 0;
                var index = InTerm();
                _noPipe = saved;
                Expect(TokenKind.RBracket, "]");
                term = Append(term, index);
            }
            else if (Cur.Is(TokenKind.LParen))
            {
                var open = Take();
                var name = CallName(term) ?? throw Error("invalid call target", open);
                var args = new List<Term>();
                var saved = _noPipe;
                _noPipe = 0;
                while (!Cur.Is(TokenKind.RParen))
                {
                    args.Add(InTerm());
                    if (!Cur.Is(TokenKind.Comma))
                    {
                        break;
                    }

                    Take();
                }

                _noPipe = saved;
                Expect(TokenKind.RParen, ")");
                term = name == "set" && args.Count == 0
                    ? new SetTerm([], term.Loc)
                    : new CallTerm(name, args, term.Loc);
            }
            else
            {
                break;
            }
        }

        return term;
    }

    private static Term Append(Term term, Term segment) => term is RefTerm r
        ? r with { Path = [.. r.Path, segment] }
        : new RefTerm(term, [segment], term.Loc);

    private static string? CallName(Term term)
    {
        switch (term)
        {
            case VarTerm v when !v.IsWildcard:
                return v.Name;
            case RefTerm { Head: VarTerm head } r:
                var parts = new List<string> { head.Name };
                foreach (var seg in r.Path)
                {
                    if (seg is not ScalarTerm { Value: StringValue s })
                    {
                        return null;
                    }

                    parts.Add(s.Value);
                }

                return string.Join('.', parts);
            default:
                return null;
        }
    }
}
