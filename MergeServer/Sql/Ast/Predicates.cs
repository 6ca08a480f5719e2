using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public sealed record IsNullExpr(Expr Operand, bool Negated) : Expr
{
    public override int Precedence => Ast.Precedence.Comparison;

    public override void WriteSql(StringBuilder builder) =>
        builder.AppendExpr(Operand, Ast.Precedence.Comparison).Append(Negated ? " IS NOT NULL" : " IS NULL");
}

// x IS [NOT] TRUE / FALSE.
public sealed record IsBoolExpr(Expr Operand, bool Value, bool Negated) : Expr
{
    public override int Precedence => Ast.Precedence.Comparison;

    public override void WriteSql(StringBuilder builder) =>
        builder.AppendExpr(Operand, Ast.Precedence.Comparison)
            .Append(Negated ? " IS NOT " : " IS ")
            .Append(Value ? "TRUE" : "FALSE");
}

public sealed record InListExpr(Expr Operand, SqlList<Expr> List, bool Negated) : Expr
{
    public override int Precedence => Ast.Precedence.Comparison;

    public override void WriteSql(StringBuilder builder) =>
        builder.AppendExpr(Operand, Ast.Precedence.Comparison)
            .Append(Negated ? " NOT IN (" : " IN (")
            .AppendJoined(List)
            .Append(')');
}

public sealed record BetweenExpr(Expr Operand, Expr Low, Expr High, bool Negated) : Expr
{
    public override int Precedence => Ast.Precedence.Comparison;

    public override void WriteSql(StringBuilder builder) =>
        builder.AppendExpr(Operand, Ast.Precedence.Comparison)
            .Append(Negated ? " NOT BETWEEN " : " BETWEEN ")
            .AppendExpr(Low, Ast.Precedence.BitOr)
            .Append(" AND ")
            .AppendExpr(High, Ast.Precedence.BitOr);
}

public sealed record LikeExpr(Expr Operand, Expr Pattern, Expr? Escape, bool Negated) : Expr
{
    public override int Precedence => Ast.Precedence.Comparison;

    public override void WriteSql(StringBuilder builder)
    {
        builder.AppendExpr(Operand, Ast.Precedence.Comparison)
            .Append(Negated ? " NOT LIKE " : " LIKE ")
            .AppendExpr(Pattern, Ast.Precedence.BitOr);
        if (Escape is not null)
        {
            builder.Append(" ESCAPE ").AppendExpr(Escape, Ast.Precedence.BitOr);
        }
    }
}
