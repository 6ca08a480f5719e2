using OceanClassic.MergeServer.Sql.Lexing;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Query expressions and FROM: SELECTs combined with UNION / EXCEPT (left to right) and INTERSECT (binds
// tighter), parenthesised members, an ORDER BY / LIMIT after the last member applying to the whole; table
// references joined with [INNER | CROSS | LEFT | RIGHT [OUTER] | NATURAL …] JOIN … ON / USING, parenthesised
// joins and derived tables.
public sealed partial class Parser
{
    private QueryStatement ParseQuery()
    {
        var (left, leftParenthesised) = ParseQueryTerm();
        var combined = false;
        var lastParenthesised = leftParenthesised;
        while (Is("UNION") || Is("EXCEPT"))
        {
            var op = Is("UNION") ? SetOperator.Union : SetOperator.Except;
            _pos++;
            var all = ParseSetQuantifier();
            RejectOrderedMember(left, lastParenthesised);
            var (right, rightParenthesised) = ParseQueryTerm();
            left = new SetOperationStatement(left, op, all, right, SqlList<OrderByItem>.Empty, null);
            combined = true;
            lastParenthesised = rightParenthesised;
        }

        if (left is SetOperationStatement set && set.Right is SelectStatement last && !lastParenthesised &&
            (last.OrderBy.Count > 0 || last.Limit is not null))
        {
            // The unparenthesised last member's ORDER BY / LIMIT belong to the whole.
            return set with
            {
                Right = last with { OrderBy = SqlList<OrderByItem>.Empty, Limit = null },
                OrderBy = last.OrderBy,
                Limit = last.Limit,
            };
        }

        if (!combined && !leftParenthesised)
        {
            return left;
        }

        var orderBy = ParseOptionalOrderBy();
        var limit = ParseOptionalLimit(allowOffset: true);
        if (orderBy.Count == 0 && limit is null)
        {
            return left;
        }

        if (left is SetOperationStatement whole)
        {
            return whole with { OrderBy = orderBy, Limit = limit };
        }

        if (left is SelectStatement single && single.OrderBy.Count == 0 && single.Limit is null)
        {
            return single with { OrderBy = orderBy, Limit = limit };
        }

        throw Error();
    }

    // A member: SELECT … or ( query ), then INTERSECT members.
    private (QueryStatement Query, bool Parenthesised) ParseQueryTerm()
    {
        var (left, parenthesised) = ParseQueryPrimary();
        while (Accept("INTERSECT"))
        {
            var all = ParseSetQuantifier();
            RejectOrderedMember(left, parenthesised);
            var (right, rightParenthesised) = ParseQueryPrimary();
            left = new SetOperationStatement(left, SetOperator.Intersect, all, right, SqlList<OrderByItem>.Empty, null);
            parenthesised = rightParenthesised;
        }

        return (left, parenthesised);
    }

    private (QueryStatement Query, bool Parenthesised) ParseQueryPrimary()
    {
        if (Accept(TokenKind.LParen))
        {
            EnterNesting();
            try
            {
                var inner = ParseQuery();
                Expect(TokenKind.RParen);
                return (inner, true);
            }
            finally
            {
                LeaveNesting();
            }
        }

        if (!Is("SELECT"))
        {
            throw Error();
        }

        return (ParseSelect(), false);
    }

    private bool ParseSetQuantifier()
    {
        if (Accept("ALL"))
        {
            return true;
        }

        Accept("DISTINCT");
        return false;
    }

    // ORDER BY / LIMIT on a member that is not the last needs parentheses.
    private void RejectOrderedMember(QueryStatement member, bool parenthesised)
    {
        if (!parenthesised && member is SelectStatement { OrderBy.Count: > 0 } or SelectStatement { Limit: not null })
        {
            throw Error();
        }
    }

    // Whether `(` here opens a query (a subquery or derived table) rather than an expression or a join.
    private bool IsQueryStart(int offset)
    {
        var i = offset;
        while (_pos + i < _tokens.Count && _tokens[_pos + i].Kind == TokenKind.LParen)
        {
            i++;
        }

        return IsAt(i, "SELECT");
    }

    private SqlList<TableReference> ParseTableReferences()
    {
        var refs = new List<TableReference> { ParseJoinedTable() };
        while (Accept(TokenKind.Comma))
        {
            refs.Add(ParseJoinedTable());
        }

        return SqlList.From(refs);
    }

    private TableReference ParseJoinedTable()
    {
        var left = ParseTableFactor();
        while (true)
        {
            JoinKind kind;
            var natural = Accept("NATURAL");
            if (Accept("JOIN") || Accept("STRAIGHT_JOIN"))
            {
                kind = JoinKind.Inner;
            }
            else if (Accept("INNER"))
            {
                Expect("JOIN");
                kind = JoinKind.Inner;
            }
            else if (!natural && Accept("CROSS"))
            {
                Expect("JOIN");
                kind = JoinKind.Cross;
            }
            else if (Accept("LEFT") || Accept("RIGHT"))
            {
                kind = IsWord(_tokens[_pos - 1], "LEFT") ? JoinKind.Left : JoinKind.Right;
                Accept("OUTER");
                Expect("JOIN");
            }
            else if (natural)
            {
                throw Error();
            }
            else
            {
                return left;
            }

            var right = ParseTableFactor();
            Expr? on = null;
            SqlList<string>? usingColumns = null;
            if (!natural && Accept("ON"))
            {
                on = ParseExpression();
            }
            else if (!natural && Accept("USING"))
            {
                usingColumns = ParseColumnNameList(allowEmpty: false);
            }
            else if (!natural && kind is JoinKind.Left or JoinKind.Right)
            {
                throw Error();
            }

            left = new JoinedTable(left, kind, right, on, usingColumns, natural);
        }
    }

    private TableReference ParseTableFactor()
    {
        if (Accept(TokenKind.LParen))
        {
            if (IsQueryStart(0))
            {
                _pos--;
                var (query, _) = ParseQueryPrimary();
                return new DerivedTable(query, ParseOptionalAlias() ?? throw Error());
            }

            // ( table_references ): a parenthesised join.
            var refs = ParseTableReferences();
            Expect(TokenKind.RParen);
            var nested = refs[0];
            for (var i = 1; i < refs.Count; i++)
            {
                nested = new JoinedTable(nested, JoinKind.Cross, refs[i], null);
            }

            return nested;
        }

        var name = ParseTableName();
        string? alias = ParseOptionalAlias();
        SkipIndexHints();
        return new TableSource(name, alias);
    }
}
