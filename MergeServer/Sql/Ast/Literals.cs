using System.Globalization;
using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public abstract record Literal : Expr;

public sealed record NullLiteral : Literal
{
    public override void WriteSql(StringBuilder builder) => builder.Append("NULL");
}

public sealed record BoolLiteral(bool Value) : Literal
{
    public override void WriteSql(StringBuilder builder) => builder.Append(Value ? "TRUE" : "FALSE");
}

public sealed record Int64Literal(long Value) : Literal
{
    public override void WriteSql(StringBuilder builder) => builder.AppendInvariant(Value);
}

public sealed record UInt64Literal(ulong Value) : Literal
{
    public override void WriteSql(StringBuilder builder) => builder.Append(Value.ToString(CultureInfo.InvariantCulture));
}

public sealed record DecimalLiteral(decimal Value) : Literal
{
    public override void WriteSql(StringBuilder builder)
    {
        string text = Value.ToString(CultureInfo.InvariantCulture);
        builder.Append(text);
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            // Keep it a decimal literal when re-parsed.
            builder.Append(".0");
        }
    }
}

public sealed record DoubleLiteral(double Value) : Literal
{
    public override void WriteSql(StringBuilder builder)
    {
        string text = Value.ToString("R", CultureInfo.InvariantCulture);
        builder.Append(text);
        if (!text.Contains('E', StringComparison.Ordinal))
        {
            // Keep it an approximate (double) literal when re-parsed.
            builder.Append("E0");
        }
    }
}

public sealed record StringLiteral(string Value) : Literal
{
    public override void WriteSql(StringBuilder builder) => builder.AppendString(Value);
}

// A binary string literal: X'0A', 0x0A, b'1010', _binary'..'. Hex holds upper-case digits of whole bytes so equal values compare equal.
// IsNumber: a 0x.. or bit literal, which numeric contexts read as an unsigned number (X'..' and _binary
// read as text there, as MariaDB does).
public sealed record HexLiteral(string Hex, bool IsNumber = false) : Literal
{
    public byte[] Bytes => Convert.FromHexString(Hex);

    public override void WriteSql(StringBuilder builder)
    {
        if (IsNumber && Hex.Length > 0)
            builder.Append("0x").Append(Hex);
        else
            builder.Append("X'").Append(Hex).Append('\'');
    }
}
