using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Subqueries inside expressions: `(SELECT …)`, EXISTS (…), x [NOT] IN (SELECT …), x op ANY|SOME|ALL (…),
// and row constructors `(a, b)` / ROW(a, b).
public sealed partial class Parser
{
    // After `(` in an expression: a subquery, a row constructor or a parenthesised expression.
    private Expr ParseParenthesised()
    {
        if (IsQueryStart(0))
        {
            var query = ParseQuery();
            Expect(TokenKind.RParen);
            return new SubqueryExpr(query);
        }

        var first = ParseExpression();
        if (!Accept(TokenKind.Comma))
        {
            Expect(TokenKind.RParen);
            return first;
        }

        var items = new List<Expr> { first, ParseExpression() };
        while (Accept(TokenKind.Comma))
        {
            items.Add(ParseExpression());
        }

        Expect(TokenKind.RParen);
        return new RowExpr(SqlList.From(items));
    }

    // EXISTS was read as the current word.
    private ExistsExpr ParseExists()
    {
        _pos++;
        Expect(TokenKind.LParen);
        if (!IsQueryStart(0))
        {
            throw Error();
        }

        var query = ParseQuery();
        Expect(TokenKind.RParen);
        return new ExistsExpr(query);
    }

    // After `IN (`: a subquery, else null (a value list follows).
    private InSubqueryExpr? TryParseInSubquery(Expr operand, bool negated)
    {
        if (!IsQueryStart(0))
        {
            return null;
        }

        var query = ParseQuery();
        Expect(TokenKind.RParen);
        return new InSubqueryExpr(operand, query, negated);
    }

    // After a comparison operator: ANY / SOME / ALL ( query ), else null.
    private QuantifiedComparisonExpr? TryParseQuantified(BinaryOperator op, Expr left)
    {
        if (op is not (BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
                or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual)
            || !(Is("ANY") || Is("SOME") || Is("ALL")) || Peek(1).Kind != TokenKind.LParen || !IsQueryStart(2))
        {
            return null;
        }

        var all = Is("ALL");
        _pos += 2;
        var query = ParseQuery();
        Expect(TokenKind.RParen);
        return new QuantifiedComparisonExpr(op, left, all, query);
    }
}
