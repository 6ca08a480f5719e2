using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

// GROUP_CONCAT([DISTINCT] expr [, expr …] [ORDER BY …] [SEPARATOR 'str']).
public sealed record GroupConcatExpr(SqlList<Expr> Args, bool Distinct, SqlList<OrderByItem> OrderBy, string Separator) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Distinct ? "GROUP_CONCAT(DISTINCT " : "GROUP_CONCAT(").AppendJoined(Args);
        if (OrderBy.Count > 0)
        {
            builder.Append(" ORDER BY ").AppendJoined(OrderBy);
        }

        if (Separator != ",")
        {
            builder.Append(" SEPARATOR ");
            new StringLiteral(Separator).WriteSql(builder);
        }

        builder.Append(')');
    }
}
