using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// & | ^ << >> ~ and BIT_COUNT as MariaDB: operands become 64-bit unsigned integers (negative ones by
// their two's complement, exact and approximate numbers rounded and clamped, strings by their decimal
// number), results are BIGINT UNSIGNED, a shift by 64 or more gives 0, NULL gives NULL.
public static class ExprBitwise
{
    public static ObObj Evaluate(BinaryOp op, ObObj a, ObObj b)
    {
        if (a.IsNull || b.IsNull)
            return ObObj.Null;
        var x = ToBits(a);
        var y = ToBits(b);
        return ObObj.FromUInt(op switch
        {
            BinaryOp.BitAnd => x & y,
            BinaryOp.BitOr => x | y,
            BinaryOp.BitXor => x ^ y,
            BinaryOp.ShiftLeft => y >= 64 ? 0 : x << (int)y,
            _ => y >= 64 ? 0 : x >> (int)y,
        });
    }

    public static ObObj Not(ObObj v) => v.IsNull ? v : ObObj.FromUInt(~ToBits(v));

    public static ObObj BitCount(ObObj v) => v.IsNull ? v : ObObj.FromInt((long)ulong.PopCount(ToBits(v)));

    public static ulong ToBits(ObObj v)
    {
        // A string is read as a DECIMAL (and warns as one), then rounded like any exact number.
        var n = v.Type is ObType.String or ObType.Binary ? ExprCast.Convert(v, ObType.Decimal) : ExprValues.ToNumber(v);
        switch (n.Type)
        {
            case ObType.Int:
                return unchecked((ulong)n.Int);
            case ObType.UInt:
                return n.UInt;
            case ObType.Decimal:
                {
                    var r = Math.Round(n.Decimal, MidpointRounding.AwayFromZero);
                    return r >= 0
                        ? r > ulong.MaxValue ? ulong.MaxValue : (ulong)r
                        : unchecked((ulong)(r < long.MinValue ? long.MinValue : (long)r));
                }
            default:
                {
                    var r = Math.Round(n.ToDouble(), MidpointRounding.AwayFromZero);
                    if (double.IsNaN(r))
                        return 0;
                    return r >= 0
                        ? r >= 1.8446744073709552e19 ? ulong.MaxValue : (ulong)r
                        : unchecked((ulong)(r <= -9.2233720368547758e18 ? long.MinValue : (long)r));
                }
        }
    }
}
