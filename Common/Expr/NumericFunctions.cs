using System.Globalization;
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
        if (v.Type is not (ObType.Int or ObType.UInt or ObType.Decimal))
            return RoundDouble(v.ToDouble(), digits, truncate);
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
                throw new InvalidOperationException("unreachable: " + v.Type);
        }
    }

    // ROUND / TRUNCATE of a DOUBLE as MariaDB's my_double_round: the value times 10^d rounded half to even
    // (rint) or toward zero, divided back (d < 0: divided, rounded, multiplied). MariaDB shows the result
    // with exactly d (0..30) decimals in fixed notation (ROUND(1e0, 2) is 1.00, ROUND(1e16) is
    // 10000000000000000): such a result is a DECIMAL holding those digits of the double where its text would
    // otherwise differ (d > 0, or 15 digits or more); from 31 places on MariaDB shows the double as it is.
    public static ObObj RoundDouble(double x, long digits, bool truncate)
    {
        var factor = Math.Pow(10, Math.Abs((double)digits));
        double r;
        if (digits < 0 && double.IsInfinity(factor))
            r = 0;
        else if (digits >= 0 && double.IsInfinity(x * factor))
            r = x;
        else if (digits < 0)
            r = Rint(x / factor, truncate) * factor;
        else
            r = Rint(x * factor, truncate) / factor;
        if (r == 0)
            r = 0; // MariaDB shows no negative zero (ROUND(-0.04e0, 1) is 0.0)
        if (digits >= 31 || !double.IsFinite(r) || (digits <= 0 && Math.Abs(r) < 1e15))
            return ObObj.FromDouble(r);
        // MariaDB's fixed notation shows the double's shortest digits, padded with zeros (ROUND(0.1e0 + 0.2e0, 20)
        // is 0.30000000000000004000).
        var shown = (int)Math.Max(digits, 0);
        return decimal.TryParse(r.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && shown <= 28 && Math.Abs(value) < Ten[28 - shown]
            ? ObObj.FromDecimal(ExprValues.WithScale(value, shown))
            : ObObj.FromDouble(r);
    }

    // 10^0 .. 10^28: a DECIMAL below 10^(28 - d) holds d more fraction digits.
    private static readonly decimal[] Ten = [.. Enumerable.Range(0, 29).Select(n => (decimal)Pow10(n))];

    private static double Rint(double x, bool truncate) => truncate ? Math.Truncate(x) : Math.Round(x, MidpointRounding.ToEven);

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
