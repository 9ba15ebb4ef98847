using System.Text;

namespace ActionPlane.Policies.Rego;

/// <summary>Turns Rego source text into tokens, keeping row/column and layout information.</summary>
internal sealed class Lexer(string file, string text)
{
    private int _pos;
    private int _row = 1;
    private int _col = 1;

    public static List<Token> Tokenize(string file, string text)
    {
        var lexer = new Lexer(file, text);
        var tokens = new List<Token>();
        while (true)
        {
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.Eof)
            {
                return tokens;
            }
        }
    }

    private Location Here => new(file, _row, _col);

    private char Peek(int ahead = 0) => _pos + ahead < text.Length ? text[_pos + ahead] : '\0';

    private void Advance()
    {
        if (text[_pos] == '\n')
        {
            _row++;
            _col = 1;
        }
        else
        {
            _col++;
        }

        _pos++;
    }

    private Token Next()
    {
        var newline = false;
        var space = false;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '\n')
            {
                newline = true;
                space = true;
                Advance();
            }
            else if (c is ' ' or '\t' or '\r')
            {
                space = true;
                Advance();
            }
            else if (c == '#')
            {
                while (_pos < text.Length && text[_pos] != '\n')
                {
                    Advance();
                }
            }
            else
            {
                break;
            }
        }

        var start = Here;
        var offset = _pos;
        if (_pos >= text.Length)
        {
            return new Token(TokenKind.Eof, "", start, newline, space, offset, offset);
        }

        var ch = text[_pos];
        if (char.IsAsciiLetter(ch) || ch == '_')
        {
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                Advance();
            }

            return Make(TokenKind.Ident, text[offset.._pos]);
        }

        if (char.IsAsciiDigit(ch) || (ch == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return Make(TokenKind.Number, LexNumber());
        }

        if (ch == '"')
        {
            return Make(TokenKind.String, LexString(start));
        }

        if (ch == '$' && Peek(1) == '"')
        {
            Advance();
            return Make(TokenKind.Template, LexTemplate(start));
        }

        if (ch == '`')
        {
            Advance();
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw new RegoException(RegoException.ParseError, "non-terminated raw string", start);
                }

                if (text[_pos] == '`')
                {
                    Advance();
                    break;
                }

                sb.Append(text[_pos]);
                Advance();
            }

            return Make(TokenKind.RawString, sb.ToString());
        }

        var two = _pos + 1 < text.Length ? text.Substring(_pos, 2) : "";
        var kind2 = two switch
        {
            ":=" => TokenKind.Assign,
            "==" => TokenKind.Eq,
            "!=" => TokenKind.Neq,
            "<=" => TokenKind.Lte,
            ">=" => TokenKind.Gte,
            _ => TokenKind.Eof,
        };
        if (kind2 != TokenKind.Eof)
        {
            Advance();
            Advance();
            return Make(kind2, two);
        }

        TokenKind kind = ch switch
        {
            '{' => TokenKind.LBrace,
            '}' => TokenKind.RBrace,
            '[' => TokenKind.LBracket,
            ']' => TokenKind.RBracket,
            '(' => TokenKind.LParen,
            ')' => TokenKind.RParen,
            '.' => TokenKind.Dot,
            ',' => TokenKind.Comma,
            ';' => TokenKind.Semicolon,
            ':' => TokenKind.Colon,
            '|' => TokenKind.Pipe,
            '&' => TokenKind.Amp,
            '=' => TokenKind.Unify,
            '<' => TokenKind.Lt,
            '>' => TokenKind.Gt,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '%' => TokenKind.Percent,
            _ => throw new RegoException(RegoException.ParseError, $"illegal token '{ch}'", start),
        };
        Advance();
        return Make(kind, ch.ToString());

        Token Make(TokenKind k, string t) => new(k, t, start, newline, space, offset, _pos);
    }

    private string LexNumber()
    {
        var start = _pos;
        while (char.IsAsciiDigit(Peek()))
        {
            Advance();
        }

        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            Advance();
            while (char.IsAsciiDigit(Peek()))
            {
                Advance();
            }
        }

        if (Peek() is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
        {
            Advance();
            if (Peek() is '+' or '-')
            {
                Advance();
            }

            while (char.IsAsciiDigit(Peek()))
            {
                Advance();
            }
        }

        return text[start.._pos];
    }

    /// <summary>Raw text of a <c>$"..."</c> template: escapes and <c>{expr}</c> parts are split by the parser.</summary>
    private string LexTemplate(Location start)
    {
        Advance();
        var begin = _pos;
        var depth = 0;
        while (true)
        {
            if (_pos >= text.Length || (text[_pos] == '\n' && depth == 0))
            {
                throw new RegoException(RegoException.ParseError, "non-terminated template string", start);
            }

            var c = text[_pos];
            if (c == '\\')
            {
                Advance();
                if (_pos < text.Length)
                {
                    Advance();
                }

                continue;
            }

            if (depth > 0 && c == '"')
            {
                // A string inside an embedded expression: skip it whole.
                Advance();
                while (_pos < text.Length && text[_pos] != '"' && text[_pos] != '\n')
                {
                    if (text[_pos] == '\\' && _pos + 1 < text.Length)
                    {
                        Advance();
                    }

                    Advance();
                }

                if (_pos < text.Length && text[_pos] == '"')
                {
                    Advance();
                }

                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (c == '"' && depth == 0)
            {
                var raw = text[begin.._pos];
                Advance();
                return raw;
            }

            Advance();
        }
    }

    private string LexString(Location start)
    {
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= text.Length || text[_pos] == '\n')
            {
                throw new RegoException(RegoException.ParseError, "non-terminated string", start);
            }

            var c = text[_pos];
            if (c == '"')
            {
                Advance();
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                Advance();
                continue;
            }

            var escLoc = Here;
            Advance();
            var e = Peek();
            if (_pos >= text.Length)
            {
                throw new RegoException(RegoException.ParseError, "non-terminated string", start);
            }

            Advance();
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > text.Length || !int.TryParse(text.AsSpan(_pos, 4), System.Globalization.NumberStyles.HexNumber, null, out var code))
                    {
                        throw new RegoException(RegoException.ParseError, "illegal unicode escape in string", escLoc);
                    }

                    for (var i = 0; i < 4; i++)
                    {
                        Advance();
                    }

                    sb.Append((char)code);
                    break;
                default:
                    throw new RegoException(RegoException.ParseError, $"illegal escape sequence '\\{e}' in string", escLoc);
            }
        }
    }
}
