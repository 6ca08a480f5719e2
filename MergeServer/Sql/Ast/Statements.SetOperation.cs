using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

// A statement that yields rows: a SELECT, or set operations over such statements.
public abstract record QueryStatement : Statement;

public enum SetOperator
{
    Union,
    Intersect,
    Except,
}

// Left op [ALL|DISTINCT] Right, with ORDER BY / LIMIT over the combined result. Members that carry
// their own ORDER BY / LIMIT or a locking clause are printed in parentheses.
public sealed record SetOperationStatement(
    QueryStatement Left,
    SetOperator Operator,
    bool All,
    QueryStatement Right,
    SqlList<OrderByItem> OrderBy,
    LimitClause? Limit) : QueryStatement
{
    public override void WriteSql(StringBuilder builder)
    {
        AppendMember(builder, Left);
        builder.Append(Operator switch
        {
            SetOperator.Intersect => " INTERSECT ",
            SetOperator.Except => " EXCEPT ",
            _ => " UNION ",
        });
        if (All)
        {
            builder.Append("ALL ");
        }

        AppendMember(builder, Right);
        SelectStatement.AppendOrderAndLimit(builder, OrderBy, Limit);
    }

    private static void AppendMember(StringBuilder builder, QueryStatement member)
    {
        var parenthesise = member is SetOperationStatement or SelectStatement { OrderBy.Count: > 0 } or SelectStatement { Limit: not null }
            or SelectStatement { Lock: not SelectLockMode.None };
        if (parenthesise)
        {
            builder.Append('(');
        }

        Common.Expr.StackGuard.Check();
        member.WriteSql(builder);
        if (parenthesise)
        {
            builder.Append(')');
        }
    }
}
