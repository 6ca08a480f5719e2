using System.Globalization;
using System.Text;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Expr;

// SQL-like text of a bound expression for EXPLAIN and log lines; columns print through the
// caller's namer (default "#index").
public static class ExprFormatter
{
    public static string ToSql(BoundExpr e, Func<int, string>? columnName = null)
    {
        var sb = new StringBuilder();
        Append(sb, e, columnName ?? (i => "#" + i.ToString(CultureInfo.InvariantCulture)));
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, BoundExpr e, Func<int, string> name)
    {
        StackGuard.Check();
        switch (e)
        {
            case BoundLiteral lit:
                AppendLiteral(sb, lit.Value);
                break;
            case BoundColumn col:
                sb.Append(name(col.Index));
                break;
            case BoundUnary un:
                sb.Append(un.Op switch { UnaryOp.Neg => "-", UnaryOp.Not => "NOT ", UnaryOp.BitNot => "~", _ => "+" });
                Append(sb, un.Operand, name);
                break;
            case BoundBinary bin:
                {
                    // "((a + b) + c)": the left spine in a loop.
                    var spine = bin.LeftSpine();
                    sb.Append('(', spine.Count);
                    Append(sb, spine[^1].Left, name);
                    for (var i = spine.Count - 1; i >= 0; i--)
                    {
                        sb.Append(' ').Append(Symbol(spine[i].Op)).Append(' ');
                        Append(sb, spine[i].Right, name);
                        sb.Append(')');
                    }
                    break;
                }
            case BoundIsNull isNull:
                Append(sb, isNull.Operand, name);
                sb.Append(isNull.Negated ? " IS NOT NULL" : " IS NULL");
                break;
            case BoundIsBool isBool:
                Append(sb, isBool.Operand, name);
                sb.Append(isBool.Negated ? " IS NOT " : " IS ").Append(isBool.Value ? "TRUE" : "FALSE");
                break;
            case BoundInList inList:
                Append(sb, inList.Operand, name);
                sb.Append(inList.Negated ? " NOT IN (" : " IN (");
                AppendList(sb, inList.List, name);
                sb.Append(')');
                break;
            case BoundBetween between:
                Append(sb, between.Operand, name);
                sb.Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
                Append(sb, between.Low, name);
                sb.Append(" AND ");
                Append(sb, between.High, name);
                break;
            case BoundLike like:
                Append(sb, like.Operand, name);
                sb.Append(like.Negated ? " NOT LIKE " : " LIKE ");
                Append(sb, like.Pattern, name);
                if (like.Escape is not null)
                {
                    sb.Append(" ESCAPE ");
                    Append(sb, like.Escape, name);
                }
                break;
            case BoundFunction fn:
                sb.Append(fn.Name).Append('(');
                AppendList(sb, fn.Args, name);
                sb.Append(')');
                break;
            case BoundCase cs:
                sb.Append("CASE");
                if (cs.Operand is not null)
                {
                    sb.Append(' ');
                    Append(sb, cs.Operand, name);
                }
                foreach (var w in cs.Whens)
                {
                    sb.Append(" WHEN ");
                    Append(sb, w.When, name);
                    sb.Append(" THEN ");
                    Append(sb, w.Then, name);
                }
                if (cs.Else is not null)
                {
                    sb.Append(" ELSE ");
                    Append(sb, cs.Else, name);
                }
                sb.Append(" END");
                break;
            case BoundCast cast:
                sb.Append("CAST(");
                Append(sb, cast.Operand, name);
                sb.Append(" AS ").Append(cast.Target switch
                {
                    ObType.Int => "SIGNED",
                    ObType.UInt => "UNSIGNED",
                    ObType.String => "CHAR",
                    ObType.Binary => "BINARY",
                    ObType.Decimal when cast.Scale >= 0 => $"DECIMAL(65,{cast.Scale})",
                    _ => cast.Target.ToString().ToUpperInvariant(),
                }).Append(')');
                break;
            case BoundCollate { Derivation: CollationDerivation.Explicit } collate:
                sb.Append('(');
                Append(sb, collate.Operand, name);
                sb.Append(" COLLATE ").Append(Collation.Of(collate.Collation).Name).Append(')');
                break;
            case BoundCollate collate:
                Append(sb, collate.Operand, name);
                break;
            default:
                sb.Append(e.GetType().Name);
                break;
        }
    }

    private static void AppendList(StringBuilder sb, IReadOnlyList<BoundExpr> items, Func<int, string> name)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
                sb.Append(", ");
            Append(sb, items[i], name);
        }
    }

    private static void AppendLiteral(StringBuilder sb, ObObj v)
    {
        if (v.IsNull)
            sb.Append("NULL");
        else if (v.Type == ObType.Binary)
            sb.Append("X'").Append(Convert.ToHexString(v.Bytes)).Append('\'');
        else if (v.Type is ObType.String or ObType.DateTime or ObType.Date)
            sb.Append('\'').Append(v.ToText()!.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
        else
            sb.Append(v.ToText());
    }

    private static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.IntDiv => "DIV",
        BinaryOp.Mod => "%",
        BinaryOp.Eq => "=",
        BinaryOp.NullSafeEq => "<=>",
        BinaryOp.Ne => "<>",
        BinaryOp.Lt => "<",
        BinaryOp.Le => "<=",
        BinaryOp.Gt => ">",
        BinaryOp.Ge => ">=",
        BinaryOp.And => "AND",
        BinaryOp.Or => "OR",
        BinaryOp.BitAnd => "&",
        BinaryOp.BitOr => "|",
        BinaryOp.BitXor => "^",
        BinaryOp.ShiftLeft => "<<",
        BinaryOp.ShiftRight => ">>",
        _ => "XOR",
    };
}
