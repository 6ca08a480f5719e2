using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

public sealed partial class Parser
{
    // MariaDB nests at most this many SELECTs (the outermost counts); one more is 1473.
    public const int MaxSelectNesting = 64;

    private SelectStatement ParseSelect()
    {
        if (++_selectDepth > MaxSelectNesting)
        {
            throw SqlSyntaxException.TooHighLevelOfNestingForSelect(_sql, Current.Start, Current.Line);
        }

        try
        {
            return ParseSelectBody();
        }
        finally
        {
            _selectDepth--;
        }
    }

    private SelectStatement ParseSelectBody()
    {
        Expect("SELECT");
        bool distinct = false;
        bool calcFoundRows = false;
        while (true)
        {
            if (Accept("DISTINCT") || Accept("DISTINCTROW"))
            {
                distinct = true;
            }
            else if (Accept("SQL_CALC_FOUND_ROWS"))
            {
                calcFoundRows = true;
            }
            else if (!(Accept("ALL") || AcceptSelectHint()))
            {
                break;
            }
        }

        var items = new List<SelectItem> { ParseSelectItem() };
        while (Accept(TokenKind.Comma))
        {
            items.Add(ParseSelectItem());
        }

        var from = SqlList<TableReference>.Empty;
        if (Accept("FROM"))
        {
            from = Accept("DUAL") ? SqlList<TableReference>.Empty : ParseTableReferences();
        }

        var where = Accept("WHERE") ? ParseExpression() : null;
        var groupBy = SqlList<Expr>.Empty;
        var withRollup = false;
        if (Accept("GROUP"))
        {
            Expect("BY");
            groupBy = ParseExpressionList();
            if (Is("WITH") && IsAt(1, "ROLLUP"))
            {
                _pos += 2;
                withRollup = true;
            }
        }

        var having = Accept("HAVING") ? ParseExpression() : null;
        var orderBy = ParseOptionalOrderBy();
        var limit = ParseOptionalLimit(allowOffset: true);
        var lockMode = SelectLockMode.None;
        var lockWait = SelectLockWait.Wait;
        if (Accept("FOR"))
        {
            // FOR SHARE is MySQL 8's spelling of LOCK IN SHARE MODE.
            lockMode = Accept("SHARE") ? SelectLockMode.LockInShareMode : ExpectForUpdate();
            lockWait = ParseLockWait();
        }
        else if (Accept("LOCK"))
        {
            Expect("IN");
            Expect("SHARE");
            Expect("MODE");
            lockMode = SelectLockMode.LockInShareMode;
            lockWait = ParseLockWait();
        }

        return new SelectStatement(distinct, SqlList.From(items), from, where, groupBy, having, orderBy, limit, lockMode, withRollup, lockWait,
            calcFoundRows);
    }

    private SelectLockMode ExpectForUpdate()
    {
        Expect("UPDATE");
        return SelectLockMode.ForUpdate;
    }

    // NOWAIT / SKIP LOCKED after a locking clause (MariaDB 10.6+).
    private SelectLockWait ParseLockWait()
    {
        if (Accept("NOWAIT"))
        {
            return SelectLockWait.NoWait;
        }

        if (Accept("SKIP"))
        {
            Expect("LOCKED");
            return SelectLockWait.SkipLocked;
        }

        return SelectLockWait.Wait;
    }

    // Optimizer and cache hints MySQL accepts after SELECT; they change nothing here.
    private bool AcceptSelectHint() =>
        Accept("SQL_NO_CACHE") || Accept("SQL_CACHE") || Accept("HIGH_PRIORITY") ||
        Accept("STRAIGHT_JOIN") || Accept("SQL_SMALL_RESULT") || Accept("SQL_BIG_RESULT") || Accept("SQL_BUFFER_RESULT");

    private SelectItem ParseSelectItem()
    {
        if (Accept(TokenKind.Star))
        {
            return new SelectItem(new StarExpr());
        }

        var start = Current.Start;
        var expr = ParseExpression();
        var text = _sql[start.._tokens[_pos - 1].End];
        if (text.Contains("/*!", StringComparison.Ordinal) || text.Contains("/*M!", StringComparison.Ordinal))
            text = WithoutExecutableCommentMarkers(text);
        string? alias = expr is StarExpr ? null : ParseOptionalAlias();
        return new SelectItem(expr, alias) { Text = text };
    }

    // A label as MariaDB takes it from the query text: executable comments' markers (/*!50000, /*M!100101,
    // their */) are gone, their content and the spaces around them stay ('1 /*!50000 + 1 */' is '1  + 1').
    private static string WithoutExecutableCommentMarkers(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var rest = text.AsSpan(i);
            if (rest.StartsWith("/*!") || rest.StartsWith("/*M!"))
            {
                i += rest.StartsWith("/*M!") ? 4 : 3;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                    i++;
                i--;
            }
            else if (rest.StartsWith("*/"))
            {
                i++;
            }
            else
            {
                sb.Append(text[i]);
            }
        }
        return sb.ToString();
    }

    // USE/FORCE/IGNORE INDEX (...) hints are accepted and dropped.
    private void SkipIndexHints()
    {
        while ((Is("USE") || Is("FORCE") || Is("IGNORE")) && (IsAt(1, "INDEX") || IsAt(1, "KEY")))
        {
            _pos += 2;
            if (Accept("FOR"))
            {
                if (Accept("GROUP") || Accept("ORDER"))
                {
                    Expect("BY");
                }
                else
                {
                    Expect("JOIN");
                }
            }

            Expect(TokenKind.LParen);
            if (!Is(TokenKind.RParen))
            {
                ParseIdentifier();
                while (Accept(TokenKind.Comma))
                {
                    ParseIdentifier();
                }
            }

            Expect(TokenKind.RParen);
        }
    }

    private SqlList<OrderByItem> ParseOptionalOrderBy()
    {
        if (!Accept("ORDER"))
        {
            return SqlList<OrderByItem>.Empty;
        }

        Expect("BY");
        var items = new List<OrderByItem>();
        do
        {
            var expr = ParseExpression();
            bool descending = Accept("DESC");
            if (!descending)
            {
                Accept("ASC");
            }

            items.Add(new OrderByItem(expr, descending));
        }
        while (Accept(TokenKind.Comma));
        return SqlList.From(items);
    }

    private LimitClause? ParseOptionalLimit(bool allowOffset)
    {
        if (!Accept("LIMIT"))
        {
            return null;
        }

        var first = ParseLimitValue();
        if (allowOffset && Accept(TokenKind.Comma))
        {
            return new LimitClause(ParseLimitValue(), first);
        }

        if (allowOffset && Accept("OFFSET"))
        {
            return new LimitClause(first, ParseLimitValue());
        }

        return new LimitClause(first);
    }

    private Expr ParseLimitValue()
    {
        var token = Current;
        if (token.Kind == TokenKind.Parameter)
        {
            _pos++;
            return new ParameterMarker(_parameterCount++);
        }

        if (token.Kind != TokenKind.Integer)
        {
            throw Error();
        }

        _pos++;
        var value = NumberLiteral(token);
        return value is Int64Literal or UInt64Literal ? value : throw Error(token);
    }
}
