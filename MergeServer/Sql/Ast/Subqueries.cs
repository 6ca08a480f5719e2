using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

// Expressions over a nested query: a scalar or row subquery `(SELECT …)`, EXISTS, IN (SELECT …) and
// comparisons quantified with ANY / SOME / ALL; and the row constructor `(a, b)` they compare against.

public sealed record SubqueryExpr(QueryStatement Query) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append('(');
        Query.WriteSql(builder);
        builder.Append(')');
    }
}

public sealed record ExistsExpr(QueryStatement Query) : Expr
{
    // The query as EXISTS runs it: one row decides, so a SELECT without its own LIMIT gets LIMIT 1.
    public QueryStatement RowCheck => Query is SelectStatement { Limit: null } select
        ? select with { Limit = new LimitClause(new Int64Literal(1)) }
        : Query;

    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("EXISTS (");
        Query.WriteSql(builder);
        builder.Append(')');
    }
}

public sealed record InSubqueryExpr(Expr Operand, QueryStatement Query, bool Negated) : Expr
{
    public override int Precedence => Ast.Precedence.Comparison;

    public override void WriteSql(StringBuilder builder)
    {
        builder.AppendExpr(Operand, Ast.Precedence.Comparison).Append(Negated ? " NOT IN (" : " IN (");
        Query.WriteSql(builder);
        builder.Append(')');
    }
}

// `x op ANY (SELECT …)` (SOME is ANY) or `x op ALL (SELECT …)`.
public sealed record QuantifiedComparisonExpr(BinaryOperator Operator, Expr Operand, bool All, QueryStatement Query) : Expr
{
    public override int Precedence => Ast.Precedence.Comparison;

    public override void WriteSql(StringBuilder builder)
    {
        builder.AppendExpr(Operand, Ast.Precedence.Comparison).Append(' ').Append(BinaryExpr.Symbol(Operator))
            .Append(All ? " ALL (" : " ANY (");
        Query.WriteSql(builder);
        builder.Append(')');
    }
}

// `(a, b, …)` or `ROW(a, b, …)`: at least two items.
public sealed record RowExpr(SqlList<Expr> Items) : Expr
{
    public override void WriteSql(StringBuilder builder) => builder.Append('(').AppendJoined(Items).Append(')');
}
