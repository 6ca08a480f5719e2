using System.Globalization;
using System.Runtime.CompilerServices;
using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Recursive-descent parser for the MySQL subset MergeServer serves. The grammar is split by area
// across Parser.*.cs; this file holds the token cursor and the shared helpers.
public sealed partial class Parser
{
    // Nesting (a statement inside a parenthesis, CASE, function argument, operator operand ...) deeper than
    // this, or deeper than the thread's stack allows, is rejected the way MariaDB's parser rejects it
    // ("memory exhausted", 1064) instead of overflowing the stack. Flat chains (a + b + ..., a OR b OR ...),
    // runs of parentheses and runs of one prefix operator are parsed in loops and do not count.
    public const int MaxDepth = 1000;

    private static readonly HashSet<string> StatementWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "REPLACE", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE", "USE", "SHOW",
        "DESCRIBE", "DESC", "EXPLAIN", "SET", "BEGIN", "START", "COMMIT", "ROLLBACK", "KILL", "LOCK", "UNLOCK",
        "SAVEPOINT", "RELEASE", "PREPARE", "EXECUTE", "DEALLOCATE", "FLUSH", "LOAD", "RENAME", "GRANT", "REVOKE",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StatementWordLookup =
        StatementWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string _sql;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;
    private int _selectDepth;
    private int _parameterCount;

    public Parser(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        _sql = sql;
        _tokens = Lexer.TokenizeReusing(sql);
    }

    private Token Current => _tokens[_pos];

    // The `?` markers parsed so far (ParameterMarker.Index runs from 0 to this - 1).
    public int ParameterCount => _parameterCount;

    // Each of the three entry points is the parser's last use: its tokens go back to the lexer.
    public Statement ParseSingle()
    {
        try
        {
            var statement = ParseStatement();
            while (Accept(TokenKind.Semicolon))
            {
            }

            ExpectEnd();
            return statement;
        }
        finally
        {
            Lexer.Recycle(_tokens);
        }
    }

    public IReadOnlyList<Statement> ParseAll()
    {
        try
        {
            var statements = new List<Statement>(1);
            while (true)
            {
                while (Accept(TokenKind.Semicolon))
                {
                }

                if (Current.Kind == TokenKind.Eof)
                {
                    return statements;
                }

                statements.Add(ParseStatement());
                if (Current.Kind != TokenKind.Eof)
                {
                    Expect(TokenKind.Semicolon);
                }
            }
        }
        finally
        {
            Lexer.Recycle(_tokens);
        }
    }

    public Expr ParseStandaloneExpression()
    {
        try
        {
            var expr = ParseExpression();
            ExpectEnd();
            return expr;
        }
        finally
        {
            Lexer.Recycle(_tokens);
        }
    }

    private void ExpectEnd()
    {
        if (Current.Kind != TokenKind.Eof)
        {
            throw Error();
        }
    }

    private Token Peek(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private ReadOnlySpan<char> TextOf(Token token) => _sql.AsSpan(token.Start, token.Length);

    private bool IsWord(Token token, string keyword) =>
        token.Kind == TokenKind.Identifier && TextOf(token).Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private bool Is(string keyword) => IsWord(Current, keyword);

    private bool IsAt(int offset, string keyword) => IsWord(Peek(offset), keyword);

    private bool Is(TokenKind kind) => Current.Kind == kind;

    private bool Accept(string keyword)
    {
        if (IsWord(Current, keyword))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind == kind)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(string keyword)
    {
        if (!Accept(keyword))
        {
            throw Error();
        }
    }

    private void Expect(TokenKind kind)
    {
        if (!Accept(kind))
        {
            throw Error();
        }
    }

    private Token Advance() => _tokens[_pos++];

    private SqlSyntaxException Error() => Error(Current);

    private SqlSyntaxException Error(Token token) => new(_sql, token.Start, token.Line);

    // Upper-case spelling of the current word, or "" if the current token isn't a bare word. The words
    // that start statements come from a table, so dispatching a statement allocates nothing.
    private string CurrentWord()
    {
        if (Current.Kind != TokenKind.Identifier)
        {
            return string.Empty;
        }

        var text = TextOf(Current);
        return StatementWordLookup.TryGetValue(text, out var word) ? word : text.ToString().ToUpperInvariant();
    }

    private bool IsNameToken(Token token) =>
        token.Kind == TokenKind.QuotedIdentifier ||
        (token.Kind == TokenKind.Identifier && !Keywords.IsReserved(TextOf(token)));

    private string ParseIdentifier()
    {
        if (!IsNameToken(Current))
        {
            throw Error();
        }

        return IdentifierText(Advance());
    }

    // After a '.', MySQL accepts any word, reserved or not (t.key, db.order).
    private string ParseIdentifierAfterDot()
    {
        if (Current.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            throw Error();
        }

        return IdentifierText(Advance());
    }

    private string IdentifierText(Token token)
    {
        if (token.Kind == TokenKind.Identifier)
        {
            return TextOf(token).ToString();
        }

        var inner = _sql.AsSpan(token.Start + 1, token.Length - 2);
        return inner.Contains('`') ? inner.ToString().Replace("``", "`", StringComparison.Ordinal) : inner.ToString();
    }

    // Identifier or quoted string: charsets, collations, engine names.
    private string ParseNameOrString()
    {
        if (Is(TokenKind.String))
        {
            return ParseStringValue();
        }

        if (Current.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            return IdentifierText(Advance());
        }

        throw Error();
    }

    private TableName ParseTableName()
    {
        string first = ParseIdentifier();
        if (Accept(TokenKind.Dot))
        {
            return new TableName(first, ParseIdentifierAfterDot());
        }

        return new TableName(null, first);
    }

    private SqlList<TableName> ParseTableNameList()
    {
        var names = new List<TableName> { ParseTableName() };
        while (Accept(TokenKind.Comma))
        {
            names.Add(ParseTableName());
        }

        return SqlList.From(names);
    }

    private string? ParseOptionalAlias()
    {
        if (Accept("AS"))
        {
            return Is(TokenKind.String) ? ParseStringValue() : ParseIdentifier();
        }

        if (IsNameToken(Current))
        {
            return IdentifierText(Advance());
        }

        return Is(TokenKind.String) ? ParseStringValue() : null;
    }

    private int ParseSmallInt()
    {
        var token = Current;
        if (token.Kind != TokenKind.Integer ||
            !int.TryParse(TextOf(token), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            throw Error();
        }

        _pos++;
        return value;
    }

    private long ParseLongValue()
    {
        var token = Current;
        if (token.Kind != TokenKind.Integer ||
            !long.TryParse(TextOf(token), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            throw Error();
        }

        _pos++;
        return value;
    }

    private void EnterNesting()
    {
        if (++_depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw SqlSyntaxException.MemoryExhausted(_sql, Current.Start, Current.Line);
        }
    }

    private void LeaveNesting() => _depth--;

    private Statement ParseStatement()
    {
        EnterNesting();
        try
        {
            if (Is(TokenKind.LParen))
            {
                return ParseQuery();
            }

            if (AtAccountStatement())
            {
                return ParseAccountStatement();
            }

            return CurrentWord() switch
            {
                "SELECT" => ParseQuery(),
                "INSERT" or "REPLACE" => ParseInsert(),
                "UPDATE" => ParseUpdate(),
                "DELETE" => ParseDelete(),
                "CREATE" => ParseCreate(),
                "DROP" => ParseDrop(),
                "ALTER" => ParseAlter(),
                "TRUNCATE" => ParseTruncate(),
                "RENAME" => ParseRenameTable(),
                "USE" => ParseUse(),
                "SHOW" => ParseShow(),
                "DESCRIBE" or "DESC" or "EXPLAIN" => ParseDescribe(),
                "SET" => ParseSet(),
                "BEGIN" or "START" => ParseBegin(),
                "COMMIT" => ParseEndTransaction(commit: true),
                "ROLLBACK" => ParseEndTransaction(commit: false),
                "KILL" => ParseKill(),
                "LOCK" => ParseLockTables(),
                "UNLOCK" => ParseUnlockTables(),
                "FLUSH" => ParseFlush(),
                "LOAD" => ParseLoadData(),
                "SAVEPOINT" => ParseSavepoint(),
                "RELEASE" => ParseRelease(),
                "PREPARE" => ParsePrepare(),
                "EXECUTE" => ParseExecute(),
                "DEALLOCATE" => ParseDeallocate(),
                _ => throw Error(),
            };
        }
        finally
        {
            LeaveNesting();
        }
    }
}
