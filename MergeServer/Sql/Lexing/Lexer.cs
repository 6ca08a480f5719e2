namespace OceanClassic.MergeServer.Sql.Lexing;

// Hand-written MySQL lexer: one pass, no regex, no per-token allocation (tokens are slices).
public sealed class Lexer
{
    private readonly string _sql;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _line = 1;
    private bool _inExecutableComment;

    // The server version executable comments compare with (5.7.25, as the handshake reports).
    public const int ExecutableCommentVersion = 50725;

    // A parser returns its token list for the next statement on the thread; big lists are not kept.
    private const int KeepTokens = 1024;

    [ThreadStatic]
    private static List<Token>? t_spare;

    private Lexer(string sql, List<Token> tokens)
    {
        _sql = sql;
        _tokens = tokens;
    }

    public static List<Token> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Run(sql, new List<Token>(Capacity(sql)));
    }

    // Like Tokenize, into a list that goes back with Recycle once the caller is done with it.
    internal static List<Token> TokenizeReusing(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = t_spare;
        t_spare = null;
        if (tokens is null)
        {
            tokens = new List<Token>(Capacity(sql));
        }
        else
        {
            tokens.Clear();
            tokens.EnsureCapacity(Capacity(sql));
        }

        return Run(sql, tokens);
    }

    internal static void Recycle(List<Token> tokens)
    {
        if (tokens.Capacity <= KeepTokens)
        {
            t_spare = tokens;
        }
    }

    private static int Capacity(string sql) => Math.Max(16, sql.Length / 3);

    private static List<Token> Run(string sql, List<Token> tokens)
    {
        var lexer = new Lexer(sql, tokens);
        lexer.Run();
        return tokens;
    }

    public static bool IsIdentifierChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '$' || c >= 0x80;

    private static bool IsIdentifierStart(char c) => IsIdentifierChar(c) && !char.IsAsciiDigit(c);

    private char At(int i) => i < _sql.Length ? _sql[i] : '\0';

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (_pos >= _sql.Length)
            {
                _tokens.Add(new Token(TokenKind.Eof, _sql.Length, _sql.Length, _line));
                return;
            }

            LexToken();
        }
    }

    private void SkipTrivia()
    {
        while (_pos < _sql.Length)
        {
            char c = _sql[_pos];
            if (c == '\n')
            {
                _line++;
                _pos++;
            }
            else if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '#' || (c == '-' && At(_pos + 1) == '-' && (_pos + 2 >= _sql.Length || At(_pos + 2) <= ' ')))
            {
                while (_pos < _sql.Length && _sql[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && At(_pos + 1) == '*')
            {
                SkipBlockComment();
            }
            else if (c == '*' && _inExecutableComment && At(_pos + 1) == '/')
            {
                _inExecutableComment = false;
                _pos += 2;
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        int start = _pos;
        int startLine = _line;
        var mariaDb = At(_pos + 2) == 'M' && At(_pos + 3) == '!';
        if ((At(_pos + 2) == '!' || mariaDb) && !_inExecutableComment)
        {
            // /*! ... */, /*!50100 ... */ and MariaDB's /*M!100101 ... */: the content is SQL (only the
            // markers vanish) when the version is absent or not above ours; otherwise a plain comment.
            int digits = _pos + (mariaDb ? 4 : 3);
            int end = digits;
            while (char.IsAsciiDigit(At(end)))
            {
                end++;
            }

            var version = end > digits && int.TryParse(_sql.AsSpan(digits, end - digits), out var v) ? v : 0;
            if (version <= ExecutableCommentVersion)
            {
                _pos = end;
                _inExecutableComment = true;
                return;
            }
        }

        _pos += 2;
        while (_pos < _sql.Length)
        {
            if (_sql[_pos] == '*' && At(_pos + 1) == '/')
            {
                _pos += 2;
                return;
            }

            if (_sql[_pos] == '\n')
            {
                _line++;
            }

            _pos++;
        }

        throw new SqlSyntaxException(_sql, start, startLine);
    }

    private void Add(TokenKind kind, int start) => _tokens.Add(new Token(kind, start, _pos, _line));

    private void MarkLast(TokenKind kind) => _tokens[^1] = _tokens[^1] with { Kind = kind };

    private void LexToken()
    {
        int start = _pos;
        char c = _sql[_pos];
        char next = At(_pos + 1);
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(next) && !PreviousIsName()))
        {
            LexNumber();
            return;
        }

        if (IsIdentifierStart(c))
        {
            LexWord();
            return;
        }

        switch (c)
        {
            case '\'':
            case '"':
                LexString(start);
                return;
            case '`':
                SkipQuoted('`', start);
                Add(TokenKind.QuotedIdentifier, start);
                return;
            case '@':
                LexVariable();
                return;
            default:
                LexOperator(c, next, start);
                return;
        }
    }

    private bool PreviousIsName() =>
        _tokens.Count > 0 && _tokens[^1].Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && _tokens[^1].End == _pos;

    private void LexOperator(char c, char next, int start)
    {
        (TokenKind kind, int length) = c switch
        {
            '=' => (TokenKind.Eq, 1),
            '<' when next == '=' && At(_pos + 2) == '>' => (TokenKind.NullSafeEq, 3),
            '<' when next == '=' => (TokenKind.Le, 2),
            '<' when next == '>' => (TokenKind.NotEq, 2),
            '<' when next == '<' => (TokenKind.ShiftLeft, 2),
            '<' => (TokenKind.Lt, 1),
            '>' when next == '=' => (TokenKind.Ge, 2),
            '>' when next == '>' => (TokenKind.ShiftRight, 2),
            '>' => (TokenKind.Gt, 1),
            '!' when next == '=' => (TokenKind.NotEq, 2),
            '!' => (TokenKind.Bang, 1),
            ':' when next == '=' => (TokenKind.Assign, 2),
            '|' when next == '|' => (TokenKind.PipePipe, 2),
            '|' => (TokenKind.Pipe, 1),
            '&' when next == '&' => (TokenKind.AmpAmp, 2),
            '&' => (TokenKind.Amp, 1),
            '+' => (TokenKind.Plus, 1),
            '-' when next == '>' && At(_pos + 2) == '>' => (TokenKind.JsonUnquoteExtract, 3),
            '-' when next == '>' => (TokenKind.JsonExtract, 2),
            '-' => (TokenKind.Minus, 1),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '%' => (TokenKind.Percent, 1),
            '^' => (TokenKind.Caret, 1),
            '~' => (TokenKind.Tilde, 1),
            '(' => (TokenKind.LParen, 1),
            ')' => (TokenKind.RParen, 1),
            ',' => (TokenKind.Comma, 1),
            '.' => (TokenKind.Dot, 1),
            ';' => (TokenKind.Semicolon, 1),
            '?' => (TokenKind.Parameter, 1),
            _ => (TokenKind.Eof, 0),
        };
        if (length == 0)
        {
            throw new SqlSyntaxException(_sql, start, _line);
        }

        _pos += length;
        Add(kind, start);
    }

    private void LexWord()
    {
        int start = _pos;
        char c = _sql[_pos];
        if ((c is 'x' or 'X') && At(_pos + 1) == '\'')
        {
            _pos++;
            SkipQuoted('\'', start);
            Add(TokenKind.Hex, start);
            return;
        }

        if ((c is 'b' or 'B') && At(_pos + 1) == '\'')
        {
            _pos++;
            SkipQuoted('\'', start);
            Add(TokenKind.Bits, start);
            return;
        }

        if ((c is 'n' or 'N') && At(_pos + 1) == '\'')
        {
            // N'...' national string: same as a plain string here.
            _pos++;
            LexString(_pos);
            return;
        }

        while (_pos < _sql.Length && IsIdentifierChar(_sql[_pos]))
        {
            _pos++;
        }

        if (c == '_' && (At(_pos) == '\'' || IsCharsetIntroducer(_sql.AsSpan(start + 1, _pos - start - 1))))
        {
            // Charset introducer (_utf8mb4'x', _binary 'x', _binary X'41'), spaces allowed before the
            // literal: a string keeps its bytes and _binary makes it a binary string; a hex or bit
            // literal is a binary string already, so the introducer just vanishes before it.
            var binary = _sql.AsSpan(start, _pos - start).Equals("_binary", StringComparison.OrdinalIgnoreCase);
            var literal = _pos;
            while (literal < _sql.Length && _sql[literal] is ' ' or '\t' or '\r' or '\n')
                literal++;
            if (At(literal) == '\'')
            {
                SkipTrivia();
                LexString(_pos);
                if (binary)
                    MarkLast(TokenKind.BinaryString);
                return;
            }
            if ((At(literal) is 'x' or 'X' or 'b' or 'B' && At(literal + 1) == '\'') || (At(literal) == '0' && At(literal + 1) is 'x' or 'b'))
                return;
        }

        Add(TokenKind.Identifier, start);
    }

    private static bool IsCharsetIntroducer(ReadOnlySpan<char> name) =>
        name.Equals("binary", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8mb4", StringComparison.OrdinalIgnoreCase)
        || name.Equals("utf8mb3", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || name.Equals("latin1", StringComparison.OrdinalIgnoreCase) || name.Equals("ascii", StringComparison.OrdinalIgnoreCase);

    private void LexString(int start)
    {
        char quote = _sql[_pos];
        SkipQuoted(quote, start);
        Add(TokenKind.String, start);
    }

    // Advances past a quoted run starting at _pos (the opening quote); handles doubled quotes and,
    // for strings, backslash escapes.
    private void SkipQuoted(char quote, int tokenStart)
    {
        int startLine = _line;
        bool backslash = quote != '`';
        _pos++;
        while (_pos < _sql.Length)
        {
            char c = _sql[_pos];
            if (c == '\\' && backslash)
            {
                if (At(_pos + 1) == '\n')
                {
                    _line++;
                }

                _pos += 2;
                continue;
            }

            if (c == '\n')
            {
                _line++;
            }

            if (c == quote)
            {
                if (At(_pos + 1) == quote)
                {
                    _pos += 2;
                    continue;
                }

                _pos++;
                return;
            }

            _pos++;
        }

        throw new SqlSyntaxException(_sql, tokenStart, startLine);
    }

    private void LexNumber()
    {
        int start = _pos;
        if (_sql[_pos] == '0' && (At(_pos + 1) is 'b' or 'B') && At(_pos + 2) is '0' or '1')
        {
            _pos += 2;
            while (At(_pos) is '0' or '1')
                _pos++;
            if (IsIdentifierChar(At(_pos)))
            {
                ContinueAsWord(start);
                return;
            }

            Add(TokenKind.Bits, start);
            return;
        }

        if (_sql[_pos] == '0' && (At(_pos + 1) is 'x' or 'X') && Uri.IsHexDigit(At(_pos + 2)))
        {
            _pos += 2;
            while (Uri.IsHexDigit(At(_pos)))
            {
                _pos++;
            }

            if (IsIdentifierChar(At(_pos)))
            {
                ContinueAsWord(start);
                return;
            }

            Add(TokenKind.Hex, start);
            return;
        }

        var kind = TokenKind.Integer;
        SkipDigits();
        if (At(_pos) == '.')
        {
            kind = TokenKind.Decimal;
            _pos++;
            SkipDigits();
        }

        if (At(_pos) is 'e' or 'E')
        {
            int mark = _pos;
            _pos++;
            if (At(_pos) is '+' or '-')
            {
                _pos++;
            }

            if (char.IsAsciiDigit(At(_pos)))
            {
                kind = TokenKind.Float;
                SkipDigits();
            }
            else
            {
                _pos = mark;
            }
        }

        if (kind == TokenKind.Integer && IsIdentifierChar(At(_pos)))
        {
            // MySQL allows identifiers that start with digits (e.g. a table named 1abc).
            ContinueAsWord(start);
            return;
        }

        Add(kind, start);
    }

    private void ContinueAsWord(int start)
    {
        while (_pos < _sql.Length && IsIdentifierChar(_sql[_pos]))
        {
            _pos++;
        }

        Add(TokenKind.Identifier, start);
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(At(_pos)))
        {
            _pos++;
        }
    }

    private void LexVariable()
    {
        int start = _pos;
        if (At(_pos + 1) == '@')
        {
            _pos += 2;
            int nameStart = _pos;
            SkipIdentifierChars();
            // @@session.x, @@global.x, and component variables such as @@validate_password.length.
            while (_pos > nameStart && At(_pos) == '.' && IsIdentifierChar(At(_pos + 1)))
            {
                _pos++;
                SkipIdentifierChars();
            }

            if (_pos == nameStart)
            {
                throw new SqlSyntaxException(_sql, start, _line);
            }

            Add(TokenKind.SystemVariable, start);
            return;
        }

        _pos++;
        char c = At(_pos);
        if (c is '\'' or '"' or '`')
        {
            SkipQuoted(c, start);
        }
        else
        {
            int nameStart = _pos;
            while (_pos < _sql.Length && (IsIdentifierChar(_sql[_pos]) || _sql[_pos] == '.'))
            {
                _pos++;
            }

            if (_pos == nameStart)
            {
                throw new SqlSyntaxException(_sql, start, _line);
            }
        }

        Add(TokenKind.UserVariable, start);
    }

    private void SkipIdentifierChars()
    {
        while (_pos < _sql.Length && IsIdentifierChar(_sql[_pos]))
        {
            _pos++;
        }
    }
}
