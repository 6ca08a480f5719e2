using System.Runtime.ExceptionServices;
using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Query expressions and FROM: SELECTs combined with UNION / EXCEPT (left to right) and INTERSECT (binds
// tighter), parenthesised members, an ORDER BY / LIMIT after the last member applying to the whole; table
// references joined with [INNER | CROSS | LEFT | RIGHT [OUTER] | NATURAL …] JOIN … ON / USING, parenthesised
// joins and derived tables.
public sealed partial class Parser
{
    private QueryStatement ParseQuery()
    {
        var (query, lastParenthesised) = ParseQueryTerm();
        var leftParenthesised = lastParenthesised;
        var combined = false;
        while (Is("UNION") || Is("EXCEPT"))
        {
            var op = Is("UNION") ? SetOperator.Union : SetOperator.Except;
            RejectOrderedMember(query, lastParenthesised);
            _pos++;
            var all = ParseSetQuantifier();
            var (right, rightParenthesised) = ParseQueryTerm();
            query = new SetOperationStatement(query, op, all, right, SqlList<OrderByItem>.Empty, null);
            combined = true;
            lastParenthesised = rightParenthesised;
        }

        if (query is SetOperationStatement set && !lastParenthesised)
        {
            // The unparenthesised last member's ORDER BY / LIMIT belong to the whole.
            var (stripped, lastOrderBy, lastLimit) = TakeLastMemberOrder(set);
            if (lastOrderBy.Count > 0 || lastLimit is not null)
            {
                return stripped with { OrderBy = lastOrderBy, Limit = lastLimit };
            }
        }

        if (!combined && !leftParenthesised)
        {
            return query;
        }

        var orderBy = ParseOptionalOrderBy();
        var limit = ParseOptionalLimit(allowOffset: true);
        if (orderBy.Count == 0 && limit is null)
        {
            return query;
        }

        if (query is SetOperationStatement whole)
        {
            return whole with { OrderBy = orderBy, Limit = limit };
        }

        if (query is SelectStatement single && single.OrderBy.Count == 0 && single.Limit is null)
        {
            return single with { OrderBy = orderBy, Limit = limit };
        }

        throw Error();
    }

    // The set operation without its last (unparenthesised) member's ORDER BY / LIMIT, and those clauses.
    private static (SetOperationStatement Stripped, SqlList<OrderByItem> OrderBy, LimitClause? Limit) TakeLastMemberOrder(SetOperationStatement set)
    {
        switch (set.Right)
        {
            case SelectStatement last:
                return (set with { Right = last with { OrderBy = SqlList<OrderByItem>.Empty, Limit = null } }, last.OrderBy, last.Limit);
            case SetOperationStatement inner when inner.OrderBy.Count == 0 && inner.Limit is null:
                var (strippedInner, orderBy, limit) = TakeLastMemberOrder(inner);
                return (set with { Right = strippedInner }, orderBy, limit);
            default:
                return (set, SqlList<OrderByItem>.Empty, null);
        }
    }

    // A member: SELECT … or ( query ), then INTERSECT members.
    private (QueryStatement Query, bool Parenthesised) ParseQueryTerm()
    {
        var (left, parenthesised) = ParseQueryPrimary();
        while (Is("INTERSECT"))
        {
            RejectOrderedMember(left, parenthesised);
            _pos++;
            var all = ParseSetQuantifier();
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

    // ORDER BY / LIMIT or a locking clause on a member that is not the last needs parentheses (1064 near
    // the set operator, as MariaDB). The member's last SELECT is the one the clause would belong to.
    private void RejectOrderedMember(QueryStatement member, bool parenthesised)
    {
        if (parenthesised)
        {
            return;
        }

        while (member is SetOperationStatement { OrderBy.Count: 0, Limit: null } set)
        {
            member = set.Right;
        }

        if (member is SelectStatement { OrderBy.Count: > 0 } or SelectStatement { Limit: not null }
            or SelectStatement { Lock: not SelectLockMode.None })
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
                // `((SELECT …) t)` is a parenthesised table reference holding a derived table, not a
                // derived table: when `((` does not parse as a derived table, it is read as that.
                var (start, parameters) = (_pos, _parameterCount);
                try
                {
                    _pos--;
                    var (query, _) = ParseQueryPrimary();
                    return new DerivedTable(query, ParseOptionalAlias() ?? throw Error());
                }
                catch (SqlSyntaxException first) when (first.ErrorCode == SyntaxErrorCodes.ParseError && _tokens[start].Kind == TokenKind.LParen)
                {
                    (_pos, _parameterCount) = (start, parameters);
                    try
                    {
                        return ParseParenthesisedReferences();
                    }
                    catch (SqlSyntaxException)
                    {
                        ExceptionDispatchInfo.Throw(first);
                        throw;
                    }
                }
            }

            return ParseParenthesisedReferences();
        }

        var name = ParseTableName();
        string? alias = ParseOptionalAlias();
        SkipIndexHints();
        return new TableSource(name, alias);
    }

    // ( table_references ) after its `(`: a parenthesised join.
    private TableReference ParseParenthesisedReferences()
    {
        var refs = ParseTableReferences();
        Expect(TokenKind.RParen);
        var nested = refs[0];
        for (var i = 1; i < refs.Count; i++)
        {
            nested = new JoinedTable(nested, JoinKind.Cross, refs[i], null);
        }

        return nested;
    }
}
