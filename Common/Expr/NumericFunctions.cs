using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// Numeric scalar functions over non-NULL arguments. Exact inputs give exact results; strings and
// DOUBLE give DOUBLE (ROUND on DOUBLE rounds half to even, as MySQL on common C libraries).
public static class NumericFunctions
{
    public static ObObj Abs(ObObj v)
    {
        v = ExprValues.ToNumber(v);
        return v.Type switch
        {
            ObType.Int => v.Int >= 0 ? v : ExprArithmetic.Negate(v),
            ObType.UInt => v,
            ObType.Decimal => ObObj.FromDecimal(Math.Abs(v.Decimal)),
            _ => ObObj.FromDouble(Math.Abs(v.ToDouble())),
        };
    }

    public static ObObj Round(ObObj v, long digits) => RoundOrTruncate(v, digits, truncate: false);

    public static ObObj Truncate(ObObj v, long digits) => RoundOrTruncate(v, digits, truncate: true);

    public static ObObj Floor(ObObj v) => FloorOrCeiling(v, ceiling: false);

    public static ObObj Ceiling(ObObj v) => FloorOrCeiling(v, ceiling: true);

    private static ObObj RoundOrTruncate(ObObj v, long digits, bool truncate)
    {
        v = ExprValues.ToNumber(v);
        digits = Math.Clamp(digits, -30, 30);
        switch (v.Type)
        {
            case ObType.Int:
            case ObType.UInt:
                {
                    if (digits >= 0)
                        return v;
                    var unit = Pow10((int)-digits);
                    var value = v.Type == ObType.UInt ? (Int128)v.UInt : v.Int;
                    var rem = value % unit;
                    var down = value - rem;
                    if (!truncate && Int128.Abs(rem) * 2 >= unit)
                        down += value < 0 ? -unit : unit;
                    if (down < long.MinValue || down > (v.Type == ObType.UInt ? (Int128)ulong.MaxValue : long.MaxValue))
                        ExprArithmetic.ThrowOutOfRange(v.Type == ObType.UInt ? "BIGINT UNSIGNED" : "BIGINT");
                    return v.Type == ObType.UInt ? ObObj.FromUInt((ulong)down) : ObObj.FromInt((long)down);
                }
            case ObType.Decimal:
                {
                    var d = v.Decimal;
                    if (digits >= 0)
                    {
                        var scale = (int)Math.Min(digits, 28);
                        var r = Math.Round(d, scale, truncate ? MidpointRounding.ToZero : MidpointRounding.AwayFromZero);
                        return ObObj.FromDecimal(ExprValues.WithScale(r, Math.Min(scale, d.Scale)));
                    }
                    var factor = (decimal)Pow10((int)Math.Min(-digits, 28));
                    var q = d / factor;
                    q = truncate ? decimal.Truncate(q) : Math.Round(q, 0, MidpointRounding.AwayFromZero);
                    return ObObj.FromDecimal(ExprValues.WithScale(q * factor, 0));
                }
            default:
                {
                    var x = v.ToDouble();
                    var factor = Math.Pow(10, digits);
                    var scaled = x * factor;
                    var r = truncate ? Math.Truncate(scaled) : Math.Round(scaled, MidpointRounding.ToEven);
                    r /= factor;
                    // MySQL shows a DOUBLE rounded to d > 0 places with exactly d decimals (ROUND(1e0, 2) is 1.00).
                    if (digits > 0 && double.IsFinite(r) && Math.Abs(r) < 1e15)
                        return ObObj.FromDecimal(ExprValues.WithScale((decimal)r, (int)digits));
                    return ObObj.FromDouble(r);
                }
        }
    }

    private static ObObj FloorOrCeiling(ObObj v, bool ceiling)
    {
        v = ExprValues.ToNumber(v);
        switch (v.Type)
        {
            case ObType.Int:
            case ObType.UInt:
                return v;
            case ObType.Decimal:
                {
                    var r = ceiling ? decimal.Ceiling(v.Decimal) : decimal.Floor(v.Decimal);
                    return r >= long.MinValue && r <= long.MaxValue ? ObObj.FromInt((long)r) : ObObj.FromDecimal(r);
                }
            default:
                return ObObj.FromDouble(ceiling ? Math.Ceiling(v.ToDouble()) : Math.Floor(v.ToDouble()));
        }
    }

    private static Int128 Pow10(int n)
    {
        Int128 r = 1;
        for (var i = 0; i < n; i++)
            r *= 10;
        return r;
    }
}
