using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Rego;

/// <summary>Composite terms: template strings, arrays, sets, objects and comprehensions.</summary>
internal sealed partial class Parser
{
    private TemplateTerm Template(Token t)
    {
        var raw = t.Text;
        var parts = new List<Term>();
        var literal = new System.Text.StringBuilder();
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '{' or '}')
            {
                literal.Append(raw[i + 1]);
                i += 2;
            }
            else if (c == '\\' && i + 1 < raw.Length)
            {
                var len = raw[i + 1] == 'u' ? 6 : 2;
                literal.Append(Lexer.Tokenize(_file, "\"" + raw.Substring(i, Math.Min(len, raw.Length - i)) + "\"")[0].Text);
                i += len;
            }
            else if (c == '{')
            {
                var depth = 0;
                var j = i;
                for (; j < raw.Length; j++)
                {
                    if (raw[j] == '"')
                    {
                        j++;
                        while (j < raw.Length && raw[j] != '"')
                        {
                            j += raw[j] == '\\' ? 2 : 1;
                        }
                    }
                    else if (raw[j] == '{')
                    {
                        depth++;
                    }
                    else if (raw[j] == '}' && --depth == 0)
                    {
                        break;
                    }
                }

                parts.Add(new ScalarTerm(Value.Str(literal.ToString()), t.Loc));
                literal.Clear();
                var inner = new Parser(_file, raw[(i + 1)..Math.Min(j, raw.Length)]) { _wildcards = _wildcards + 1000 };
                var expr = inner.InTerm();
                inner.Expect(TokenKind.Eof, "}");
                parts.Add(expr);
                i = j + 1;
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }

        parts.Add(new ScalarTerm(Value.Str(literal.ToString()), t.Loc));
        return new TemplateTerm(parts, t.Loc);
    }

    private Term ArrayOrComprehension()
    {
        var open = Take();
        if (Cur.Is(TokenKind.RBracket))
        {
            Take();
            return new ArrayTerm([], open.Loc);
        }

        var first = NoPipe(InTerm);
        if (Cur.Is(TokenKind.Pipe))
        {
            Take();
            var body = Literals(TokenKind.RBracket);
            Expect(TokenKind.RBracket, "]");
            return new ArrayComprehension(first, body, open.Loc);
        }

        var items = new List<Term> { first };
        items.AddRange(Rest(TokenKind.RBracket));
        return new ArrayTerm(items, open.Loc);
    }

    private Term BraceTerm()
    {
        var open = Take();
        if (Cur.Is(TokenKind.RBrace))
        {
            Take();
            return new ObjectTerm([], open.Loc);
        }

        var first = NoPipe(InTerm);
        if (Cur.Is(TokenKind.Colon))
        {
            Take();
            var firstValue = NoPipe(InTerm);
            if (Cur.Is(TokenKind.Pipe))
            {
                Take();
                var body = Literals(TokenKind.RBrace);
                Expect(TokenKind.RBrace, "}");
                return new ObjectComprehension(first, firstValue, body, open.Loc);
            }

            var pairs = new List<(Term, Term)> { (first, firstValue) };
            while (Cur.Is(TokenKind.Comma))
            {
                Take();
                if (Cur.Is(TokenKind.RBrace))
                {
                    break;
                }

                var k = InTerm();
                Expect(TokenKind.Colon, ":");
                pairs.Add((k, InTerm()));
            }

            Expect(TokenKind.RBrace, "}");
            return new ObjectTerm(pairs, open.Loc);
        }

        if (Cur.Is(TokenKind.Pipe))
        {
            Take();
            var body = Literals(TokenKind.RBrace);
            Expect(TokenKind.RBrace, "}");
            return new SetComprehension(first, body, open.Loc);
        }

        var items = new List<Term> { first };
        items.AddRange(Rest(TokenKind.RBrace));
        return new SetTerm(items, open.Loc);
    }

    private List<Term> Rest(TokenKind close)
    {
        var items = new List<Term>();
        while (Cur.Is(TokenKind.Comma))
        {
            Take();
            if (Cur.Is(close))
            {
                break;
            }

            items.Add(InTerm());
        }

        Expect(close, close == TokenKind.RBracket ? "]" : "}");
        return items;
    }
}
