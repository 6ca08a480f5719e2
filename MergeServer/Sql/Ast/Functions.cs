using System.Text;
using OceanClassic.MergeServer.Sql.Lexing;

namespace OceanClassic.MergeServer.Sql.Ast;

// Name is upper-cased: MySQL built-in function names are case-insensitive.
public sealed record FunctionCall(string Name, SqlList<Expr> Args, bool Distinct = false, bool Star = false) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        if (Args.Count == 0 && !Star && !Distinct && Keywords.IsNiladicFunction(Name))
        {
            builder.Append(Name);
            return;
        }

        if (Keywords.IsReservedFunction(Name) || Keywords.IsNiladicFunction(Name))
        {
            builder.Append(Name);
        }
        else
        {
            builder.AppendIdentifier(Name);
        }

        builder.Append('(');
        if (Distinct)
        {
            builder.Append("DISTINCT ");
        }

        if (Star)
        {
            builder.Append('*');
        }

        builder.AppendJoined(Args).Append(')');
    }
}

public sealed record WhenClause(Expr When, Expr Then) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("WHEN ").AppendExpr(When, Ast.Precedence.Lowest).Append(" THEN ").AppendExpr(Then, Ast.Precedence.Lowest);
    }
}

public sealed record CaseExpr(Expr? Operand, SqlList<WhenClause> Whens, Expr? Else) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("CASE ");
        if (Operand is not null)
        {
            builder.AppendExpr(Operand, Ast.Precedence.Lowest).Append(' ');
        }

        builder.AppendJoined(Whens, " ");
        if (Else is not null)
        {
            builder.Append(" ELSE ").AppendExpr(Else, Ast.Precedence.Lowest);
        }

        builder.Append(" END");
    }
}

// IsLiteral: written as DATE '…' / TIME '…' / TIMESTAMP '…' (Operand is the string, checked strictly).
public sealed record CastExpr(Expr Operand, SqlDataType Type, bool IsLiteral = false) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        if (IsLiteral && Operand is StringLiteral text)
        {
            builder.Append(Type.Kind switch { SqlTypeKind.Date => "DATE ", SqlTypeKind.Time => "TIME ", _ => "TIMESTAMP " })
                .AppendString(text.Value);
            return;
        }

        builder.Append("CAST(").AppendExpr(Operand, Ast.Precedence.Lowest).Append(" AS ");
        Type.WriteCastTarget(builder);
        builder.Append(')');
    }
}

// INTERVAL value unit, as in DATE_ADD(d, INTERVAL 1 DAY) or d + INTERVAL 1 DAY. Unit is upper-case.
public sealed record IntervalExpr(Expr Value, string Unit) : Expr
{
    public override void WriteSql(StringBuilder builder) =>
        builder.Append("INTERVAL ").AppendExpr(Value, Ast.Precedence.Atom).Append(' ').Append(Unit);
}

// expr COLLATE name: the string under a named collation (binds tighter than any operator).
public sealed record CollateExpr(Expr Operand, string Collation) : Expr
{
    public override int Precedence => Ast.Precedence.Collate;

    public override void WriteSql(StringBuilder builder) =>
        builder.AppendExpr(Operand, Ast.Precedence.Collate).Append(" COLLATE ").AppendIdentifier(Collation);
}
