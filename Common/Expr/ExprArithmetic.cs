using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// + - * / DIV % and unary minus with MySQL result types: any DOUBLE or string operand gives DOUBLE,
// else any DECIMAL gives DECIMAL, else an UNSIGNED operand gives BIGINT UNSIGNED, else BIGINT;
// integer overflow is error 1690; division or modulo by zero is NULL; '/' on exact numbers gives
// DECIMAL with 4 more fraction digits than the dividend (div_precision_increment).
public static class ExprArithmetic
{
    private const int DivPrecisionIncrement = 4;

    private enum Kind
    {
        Int,
        UInt,
        Decimal,
        Double,
    }

    public static ObObj Evaluate(BinaryOp op, ObObj a, ObObj b)
    {
        if (a.IsNull || b.IsNull)
            return ObObj.Null;
        a = ExprValues.ToNumber(a);
        b = ExprValues.ToNumber(b);
        var kind = ResultKind(a, b);
        return op switch
        {
            BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul => AddSubMul(op, kind, a, b),
            BinaryOp.Div => Divide(kind, a, b),
            BinaryOp.IntDiv => IntDivide(kind, a, b),
            _ => Modulo(kind, a, b),
        };
    }

    public static ObObj Negate(ObObj v)
    {
        if (v.IsNull)
            return v;
        v = ExprValues.ToNumber(v);
        switch (v.Type)
        {
            case ObType.Int:
                if (v.Int == long.MinValue)
                    ThrowOutOfRange("BIGINT");
                return ObObj.FromInt(-v.Int);
            case ObType.UInt:
                if (v.UInt > 1UL << 63)
                    ThrowOutOfRange("BIGINT");
                return ObObj.FromInt(unchecked(-(long)v.UInt));
            case ObType.Decimal:
                return ObObj.FromDecimal(-v.Decimal);
            default:
                return ObObj.FromDouble(-v.ToDouble());
        }
    }

    private static Kind ResultKind(ObObj a, ObObj b)
    {
        if (a.Type == ObType.Double || b.Type == ObType.Double)
            return Kind.Double;
        if (a.Type == ObType.Decimal || b.Type == ObType.Decimal)
            return Kind.Decimal;
        return a.Type == ObType.UInt || b.Type == ObType.UInt ? Kind.UInt : Kind.Int;
    }

    private static Int128 ToInt128(ObObj v) => v.Type == ObType.UInt ? v.UInt : v.Int;

    private static ObObj AddSubMul(BinaryOp op, Kind kind, ObObj a, ObObj b)
    {
        switch (kind)
        {
            case Kind.Double:
                {
                    double x = a.ToDouble(), y = b.ToDouble();
                    var r = op == BinaryOp.Add ? x + y : op == BinaryOp.Sub ? x - y : x * y;
                    if (!double.IsFinite(r))
                        ThrowOutOfRange("DOUBLE");
                    return ObObj.FromDouble(r);
                }
            case Kind.Decimal:
                {
                    decimal x = a.ToDecimal(), y = b.ToDecimal();
                    try
                    {
                        return ObObj.FromDecimal(op == BinaryOp.Add ? x + y : op == BinaryOp.Sub ? x - y : x * y);
                    }
                    catch (OverflowException)
                    {
                        ThrowOutOfRange("DECIMAL");
                        return default;
                    }
                }
            case Kind.UInt:
                {
                    // Int128 cannot overflow for a product of two 64-bit values.
                    Int128 x = ToInt128(a), y = ToInt128(b);
                    var r = op == BinaryOp.Add ? x + y : op == BinaryOp.Sub ? x - y : x * y;
                    if (r < 0 || r > ulong.MaxValue)
                        ThrowOutOfRange("BIGINT UNSIGNED");
                    return ObObj.FromUInt((ulong)r);
                }
            default:
                {
                    long x = a.Int, y = b.Int;
                    try
                    {
                        return ObObj.FromInt(checked(op == BinaryOp.Add ? x + y : op == BinaryOp.Sub ? x - y : x * y));
                    }
                    catch (OverflowException)
                    {
                        ThrowOutOfRange("BIGINT");
                        return default;
                    }
                }
        }
    }

    private static ObObj Divide(Kind kind, ObObj a, ObObj b)
    {
        if (ExprValues.IsZero(b))
            return ObObj.Null;
        if (kind == Kind.Double)
        {
            var r = a.ToDouble() / b.ToDouble();
            if (!double.IsFinite(r))
                ThrowOutOfRange("DOUBLE");
            return ObObj.FromDouble(r);
        }
        var scale = (a.Type == ObType.Decimal ? a.Decimal.Scale : 0) + DivPrecisionIncrement;
        try
        {
            return ObObj.FromDecimal(ExprValues.WithScale(a.ToDecimal() / b.ToDecimal(), scale));
        }
        catch (OverflowException)
        {
            ThrowOutOfRange("DECIMAL");
            return default;
        }
    }

    private static ObObj IntDivide(Kind kind, ObObj a, ObObj b)
    {
        if (ExprValues.IsZero(b))
            return ObObj.Null;
        Int128 q;
        if (kind is Kind.Int or Kind.UInt)
        {
            q = ToInt128(a) / ToInt128(b);
        }
        else
        {
            decimal d;
            try
            {
                d = kind == Kind.Double
                    ? (decimal)Math.Truncate(a.ToDouble() / b.ToDouble())
                    : decimal.Truncate(a.ToDecimal() / b.ToDecimal());
            }
            catch (OverflowException)
            {
                ThrowOutOfRange("BIGINT");
                return default;
            }
            q = (Int128)d;
        }
        if (q >= long.MinValue && q <= long.MaxValue)
            return ObObj.FromInt((long)q);
        if (kind == Kind.UInt && q > 0 && q <= ulong.MaxValue)
            return ObObj.FromUInt((ulong)q);
        ThrowOutOfRange("BIGINT");
        return default;
    }

    private static ObObj Modulo(Kind kind, ObObj a, ObObj b)
    {
        if (ExprValues.IsZero(b))
            return ObObj.Null;
        switch (kind)
        {
            case Kind.Double:
                return ObObj.FromDouble(a.ToDouble() % b.ToDouble());
            case Kind.Decimal:
                return ObObj.FromDecimal(a.ToDecimal() % b.ToDecimal());
            case Kind.UInt:
                {
                    var r = ToInt128(a) % ToInt128(b);
                    return a.Type == ObType.UInt ? ObObj.FromUInt((ulong)r) : ObObj.FromInt((long)r);
                }
            default:
                return ObObj.FromInt(b.Int == -1 ? 0 : a.Int % b.Int);
        }
    }

    // A division by zero gave NULL: in a strict-mode write that is error 1365 instead.
    internal static void CheckDivisor(EvalContext ctx)
    {
        if (ctx.DivisionByZeroIsError)
            throw new ExprException(ExprErrorCodes.DivisionByZero, "Division by 0");
        if (ctx.DivisionByZeroWarns)
            ctx.Warnings?.Warn(ExprErrorCodes.DivisionByZero, "Division by 0");
    }

    [DoesNotReturn]
    internal static void ThrowOutOfRange(string type) =>
        throw new ExprException(ExprErrorCodes.ValueOutOfRange, $"{type} value is out of range");
}
