using System.Globalization;
using System.Text;
using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Atoms: literals, variables, column references, function calls, CASE, CAST, INTERVAL.
public sealed partial class Parser
{
    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.Decimal:
            case TokenKind.Float:
                _pos++;
                return NumberLiteral(token);
            case TokenKind.String:
                return new StringLiteral(ParseStringValue());
            case TokenKind.Hex:
                _pos++;
                return HexLiteralOf(token);
            case TokenKind.Bits:
                _pos++;
                return BitLiteralOf(token);
            case TokenKind.BinaryString:
                _pos++;
                return new HexLiteral(Convert.ToHexString(Common.Types.LosslessUtf8.GetBytes(Unquote(TextOf(token)[TextOf(token).IndexOf('\'')..]))));
            case TokenKind.Parameter:
                _pos++;
                return new ParameterMarker(_parameterCount++);
            case TokenKind.SystemVariable:
                _pos++;
                return SystemVariableOf(token);
            case TokenKind.UserVariable:
                _pos++;
                return UserVariableOf(token);
            case TokenKind.LParen:
                return ParseParenthesized();
            case TokenKind.QuotedIdentifier:
                return Peek(1).Kind == TokenKind.LParen ? ParseFunctionCall() : ParseColumnRef();
            case TokenKind.Identifier:
                return ParseWordPrimary(token);
            default:
                throw Error();
        }
    }

    // A run of opening parentheses is counted, not recursed into: after each closing one the expression
    // may go on with operators of the enclosing level, as in "((a) + 1) * 2".
    private Expr ParseParenthesized()
    {
        int open = 0;
        while (Accept(TokenKind.LParen))
        {
            open++;
        }

        // The innermost parenthesis: a subquery, a row constructor or an expression (closing paren read).
        var inner = ParseParenthesised();
        for (int level = 1; level < open; level++)
        {
            inner = ParseInfix(inner, Precedence.Or);
            Expect(TokenKind.RParen);
        }

        return inner;
    }

    private Expr ParseWordPrimary(Token token)
    {
        var word = TextOf(token);
        bool call = Peek(1).Kind == TokenKind.LParen;
        if (word.Equals("NULL", StringComparison.OrdinalIgnoreCase))
        {
            _pos++;
            return new NullLiteral();
        }

        if (word.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || word.Equals("FALSE", StringComparison.OrdinalIgnoreCase))
        {
            _pos++;
            return new BoolLiteral(word.Equals("TRUE", StringComparison.OrdinalIgnoreCase));
        }

        if (word.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase) && !call)
        {
            _pos++;
            return new DefaultValue();
        }

        if (word.Equals("CASE", StringComparison.OrdinalIgnoreCase))
        {
            return ParseCase();
        }

        if (word.Equals("ROW", StringComparison.OrdinalIgnoreCase) && call)
        {
            _pos += 2;
            return ParseParenthesised();
        }

        if (!call && Peek(1).Kind == TokenKind.String && TemporalLiteralKind(word) is { } literalKind)
        {
            _pos++;
            return TemporalLiteral(literalKind, ParseStringValue());
        }

        if (word.Equals("INTERVAL", StringComparison.OrdinalIgnoreCase))
        {
            _pos++;
            var value = ParseExpression();
            if (Current.Kind != TokenKind.Identifier)
            {
                throw Error();
            }

            return new IntervalExpr(value, TextOf(Advance()).ToString().ToUpperInvariant());
        }

        if (call && (word.Equals("CAST", StringComparison.OrdinalIgnoreCase) || word.Equals("CONVERT", StringComparison.OrdinalIgnoreCase)))
        {
            return ParseCast();
        }

        if (Keywords.IsNiladicFunction(word) && !call)
        {
            _pos++;
            return new FunctionCall(word.ToString().ToUpperInvariant(), SqlList<Expr>.Empty);
        }

        if (call && word.Equals("GROUP_CONCAT", StringComparison.OrdinalIgnoreCase))
        {
            return ParseGroupConcat();
        }

        if (call && (!Keywords.IsReserved(word) || Keywords.IsReservedFunction(word) || Keywords.IsNiladicFunction(word)
            || word.Equals("CHAR", StringComparison.OrdinalIgnoreCase)))
        {
            return ParseFunctionCall();
        }

        if (word.Equals("EXISTS", StringComparison.OrdinalIgnoreCase) && call)
        {
            return ParseExists();
        }


        return ParseColumnRef();
    }

    private Expr ParseColumnRef()
    {
        string first = ParseIdentifier();
        if (!Accept(TokenKind.Dot))
        {
            return new ColumnRef(null, first);
        }

        if (Accept(TokenKind.Star))
        {
            return new StarExpr(first);
        }

        string second = ParseIdentifierAfterDot();
        if (!Accept(TokenKind.Dot))
        {
            return new ColumnRef(first, second);
        }

        if (Accept(TokenKind.Star))
        {
            return new StarExpr(second, first);
        }

        return new ColumnRef(second, ParseIdentifierAfterDot(), first);
    }

    private FunctionCall ParseFunctionCall()
    {
        string name = IdentifierText(Advance()).ToUpperInvariant();
        Expect(TokenKind.LParen);
        if (Accept(TokenKind.RParen))
        {
            return new FunctionCall(name, SqlList<Expr>.Empty);
        }

        if (Accept(TokenKind.Star))
        {
            Expect(TokenKind.RParen);
            return new FunctionCall(name, SqlList<Expr>.Empty, Star: true);
        }

        if (ParseSpecialCall(name) is { } special)
        {
            return special;
        }

        bool distinct = Accept("DISTINCT");
        if (!distinct)
        {
            Accept("ALL");
        }

        RejectSubquery();
        var args = new List<Expr> { ParseExpression() };
        if (name is "SUBSTRING" or "SUBSTR" && Accept("FROM"))
        {
            // SUBSTRING(s FROM p [FOR n]) is SUBSTRING(s, p [, n]).
            args.Add(ParseExpression());
            if (Accept("FOR"))
            {
                args.Add(ParseExpression());
            }
        }

        while (Accept(TokenKind.Comma))
        {
            args.Add(ParseExpression());
        }

        if (name == "CHAR" && Accept("USING"))
        {
            // CHAR(n, ... USING charset): the bytes read as text (every string is Unicode here); USING binary
            // leaves them bytes, as CHAR(n, ...) does.
            var charset = ParseNameOrString();
            name = charset.Equals("binary", StringComparison.OrdinalIgnoreCase) ? name : "__CHAR_TEXT";
        }

        Expect(TokenKind.RParen);
        return new FunctionCall(name, SqlList.From(args), distinct);
    }

    private CaseExpr ParseCase()
    {
        Expect("CASE");
        var operand = Is("WHEN") ? null : ParseExpression();
        var whens = new List<WhenClause>();
        while (Accept("WHEN"))
        {
            var when = ParseExpression();
            Expect("THEN");
            whens.Add(new WhenClause(when, ParseExpression()));
        }

        if (whens.Count == 0)
        {
            throw Error();
        }

        var otherwise = Accept("ELSE") ? ParseExpression() : null;
        Expect("END");
        return new CaseExpr(operand, SqlList.From(whens), otherwise);
    }

    // DATE '…', TIME '…', TIMESTAMP '…' (SQL standard literals): the type named by the keyword, with as
    // many fraction digits as the text has (at most 6). The binder checks the text strictly (1525).
    private static SqlTypeKind? TemporalLiteralKind(ReadOnlySpan<char> word) =>
        word.Equals("DATE", StringComparison.OrdinalIgnoreCase) ? SqlTypeKind.Date
        : word.Equals("TIME", StringComparison.OrdinalIgnoreCase) ? SqlTypeKind.Time
        : word.Equals("TIMESTAMP", StringComparison.OrdinalIgnoreCase) ? SqlTypeKind.DateTime
        : null;

    private static CastExpr TemporalLiteral(SqlTypeKind kind, string text)
    {
        int dot = text.LastIndexOf('.');
        int digits = 0;
        if (kind != SqlTypeKind.Date && dot >= 0)
        {
            while (dot + 1 + digits < text.Length && char.IsAsciiDigit(text[dot + 1 + digits]))
            {
                digits++;
            }
        }

        if (digits > 6)
        {
            text = text.Remove(dot + 7, digits - 6); // MariaDB cuts a seventh digit on
        }

        var type = new SqlDataType(kind, Precision: kind == SqlTypeKind.Date ? null : Math.Min(digits, 6));
        return new CastExpr(new StringLiteral(text), type, IsLiteral: true);
    }

    private CastExpr ParseCast()
    {
        bool convert = Is("CONVERT");
        _pos++;
        Expect(TokenKind.LParen);
        var operand = ParseExpression();
        if (convert && Accept("USING"))
        {
            // CONVERT(x USING charset): text is kept as it is (every string is Unicode here); USING binary
            // makes it a binary string.
            var charset = ParseNameOrString();
            Expect(TokenKind.RParen);
            var kind = charset.Equals("binary", StringComparison.OrdinalIgnoreCase) ? SqlTypeKind.Binary : SqlTypeKind.Char;
            return new CastExpr(operand, new SqlDataType(kind));
        }

        if (convert)
        {
            Expect(TokenKind.Comma);
        }
        else
        {
            Expect("AS");
        }

        var type = ParseCastType();
        Expect(TokenKind.RParen);
        return new CastExpr(operand, type);
    }

    private Literal NumberLiteral(Token token)
    {
        var text = TextOf(token);
        if (token.Kind == TokenKind.Integer)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long l))
            {
                return new Int64Literal(l);
            }

            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u))
            {
                return new UInt64Literal(u);
            }
        }

        if (token.Kind != TokenKind.Float &&
            decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d))
        {
            return new DecimalLiteral(d);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && double.IsFinite(f))
        {
            return new DoubleLiteral(f);
        }

        throw Error(token);
    }

    private HexLiteral HexLiteralOf(Token token)
    {
        var text = TextOf(token);
        var digits = text[0] == '0' ? text[2..] : text[2..^1];
        foreach (char c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                throw Error(token);
            }
        }

        string hex = digits.ToString().ToUpperInvariant();
        return new HexLiteral(hex.Length % 2 == 0 ? hex : "0" + hex, IsNumber: text[0] == '0' && !AfterIntroducer(token));
    }

    // b'0101' / 0b0101: the bits right-aligned in whole bytes.
    private HexLiteral BitLiteralOf(Token token)
    {
        var text = TextOf(token);
        var bits = text[0] == '0' ? text[2..] : text[2..^1];
        var bytes = new byte[(bits.Length + 7) / 8];
        for (int i = 0; i < bits.Length; i++)
        {
            int fromRight = bits.Length - 1 - i;
            if (bits[i] == '1')
            {
                bytes[bytes.Length - 1 - (fromRight / 8)] |= (byte)(1 << (fromRight % 8));
            }
            else if (bits[i] != '0')
            {
                throw Error(token);
            }
        }

        return new HexLiteral(Convert.ToHexString(bytes), IsNumber: !AfterIntroducer(token));
    }

    // Whether a charset introducer (_binary, _utf8mb4: the lexer drops it) stands right before the
    // literal: then the literal is a string, not a number.
    private bool AfterIntroducer(Token token)
    {
        var end = token.Start;
        while (end > 0 && char.IsWhiteSpace(_sql[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && (char.IsAsciiLetterOrDigit(_sql[start - 1]) || _sql[start - 1] == '_'))
        {
            start--;
        }

        return end > start && _sql[start] == '_';
    }

    private static SystemVariable SystemVariableOf(ReadOnlySpan<char> text)
    {
        var body = text[2..];
        int dot = body.IndexOf('.');
        if (dot < 0)
        {
            return new SystemVariable(VariableScope.Default, body.ToString().ToLowerInvariant());
        }

        var prefix = body[..dot];
        VariableScope scope;
        if (prefix.Equals("global", StringComparison.OrdinalIgnoreCase))
        {
            scope = VariableScope.Global;
        }
        else if (prefix.Equals("session", StringComparison.OrdinalIgnoreCase) || prefix.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            scope = VariableScope.Session;
        }
        else
        {
            return new SystemVariable(VariableScope.Default, body.ToString().ToLowerInvariant());
        }

        return new SystemVariable(scope, body[(dot + 1)..].ToString().ToLowerInvariant());
    }

    private SystemVariable SystemVariableOf(Token token) => SystemVariableOf(TextOf(token));

    private UserVariable UserVariableOf(Token token)
    {
        var body = TextOf(token)[1..];
        if (body.Length > 0 && body[0] is '\'' or '"' or '`')
        {
            return new UserVariable(Unquote(body).ToLowerInvariant());
        }

        return new UserVariable(body.ToString().ToLowerInvariant());
    }

    // Decodes the current string token, plus any adjacent ones ('a' 'b' is 'ab').
    private string ParseStringValue()
    {
        if (!Is(TokenKind.String))
        {
            throw Error();
        }

        string value = Unquote(TextOf(Advance()));
        if (!Is(TokenKind.String))
        {
            return value;
        }

        var builder = new StringBuilder(value);
        while (Is(TokenKind.String))
        {
            builder.Append(Unquote(TextOf(Advance())));
        }

        return builder.ToString();
    }

    private static string Unquote(ReadOnlySpan<char> quoted)
    {
        char quote = quoted[0];
        var body = quoted[1..^1];
        bool backslash = quote != '`';
        if (body.IndexOfAny(quote, backslash ? '\\' : quote) < 0)
        {
            return body.ToString();
        }

        var builder = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == quote && i + 1 < body.Length && body[i + 1] == quote)
            {
                builder.Append(quote);
                i++;
            }
            else if (c == '\\' && backslash && i + 1 < body.Length)
            {
                i++;
                builder.Append(Escaped(body[i]));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // MySQL escapes; \% and \_ keep their backslash so LIKE can see it.
    private static string Escaped(char c) => c switch
    {
        '0' => "\0",
        'b' => "\b",
        'n' => "\n",
        'r' => "\r",
        't' => "\t",
        'Z' => "\x1A",
        '%' => "\\%",
        '_' => "\\_",
        _ => c.ToString(),
    };
}
