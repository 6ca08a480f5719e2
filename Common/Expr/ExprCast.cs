using System.Globalization;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// CAST(x AS type) as MySQL: SIGNED/UNSIGNED round exact numbers and read a string's numeric
// prefix, UNSIGNED wraps negatives, an unparsable DATE/DATETIME is NULL.
public static class ExprCast
{
    public static ObObj Convert(ObObj v, ObType target, int scale = -1)
    {
        if (v.IsNull)
            return v;
        switch (target)
        {
            case ObType.Int:
                return ObObj.FromInt(ToInt64(v));
            case ObType.UInt:
                return v.Type == ObType.UInt ? v : v.CarriedNumber is { } n ? ObObj.FromUInt(n) : ObObj.FromUInt(unchecked((ulong)ToInt64(v)));
            case ObType.Double:
                return ObObj.FromDouble(ExprValues.ToNumber(v).ToDouble());
            case ObType.Decimal:
                {
                    var d = ToDecimal(v);
                    return ObObj.FromDecimal(scale >= 0 ? ExprValues.WithScale(d, scale) : d);
                }
            case ObType.String:
                return ObObj.FromString(ExprValues.ToText(v));
            case ObType.Binary:
                return ObObj.FromBinary(ObObj.BytesOf(v));
            case ObType.Bool:
                return ObObj.FromBool(ExprValues.IsTrue(v));
            case ObType.Time:
                return ToTime(v, Math.Clamp(scale, 0, 6));
            case ObType.DateTime:
            case ObType.Date:
                {
                    if (!TryToMicros(v, out var micros))
                        return ObObj.Null;
                    return target == ObType.Date
                        ? ObObj.FromDateMicros(ExprTemporal.TruncateToDate(micros))
                        : ObObj.FromDateTimeMicros(micros);
                }
            default:
                throw new ExprException(ExprErrorCodes.IncorrectArguments, $"cannot CAST to {target}");
        }
    }

    private static long ToInt64(ObObj v)
    {
        if (v.CarriedNumber is { } carried)
            return unchecked((long)carried);
        if (v.Type == ObType.String)
        {
            // A string casts by its integer prefix ('12.7abc' -> 12), numbers round (12.7 -> 13).
            return ClampToInt64(Math.Truncate(ObObj.ParseDoublePrefix(v.String)));
        }
        var n = ExprValues.ToNumber(v);
        return n.Type switch
        {
            ObType.Int => n.Int,
            ObType.UInt => unchecked((long)n.UInt),
            ObType.Decimal => ClampToInt64((double)Math.Round(n.Decimal, MidpointRounding.AwayFromZero)),
            _ => ClampToInt64(Math.Round(n.Double, MidpointRounding.AwayFromZero)),
        };
    }

    private static long ClampToInt64(double d) =>
        d >= 9.2233720368547758e18 ? long.MaxValue : d <= -9.2233720368547758e18 ? long.MinValue : (long)d;

    private static decimal ToDecimal(ObObj v)
    {
        if (v.CarriedNumber is { } carried)
            return carried;
        if (v.Type == ObType.String)
        {
            return decimal.TryParse(v.String.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : (decimal)ObObj.ParseDoublePrefix(v.String);
        }
        var n = ExprValues.ToNumber(v);
        try
        {
            return n.ToDecimal();
        }
        catch (OverflowException)
        {
            ExprArithmetic.ThrowOutOfRange("DECIMAL");
            return default;
        }
    }

    // CAST(x AS TIME(fsp)): a TIME, time text or [-]hhmmss number; a date-time gives its time of day.
    private static ObObj ToTime(ObObj v, int fsp)
    {
        long micros;
        switch (v.Type)
        {
            case ObType.Time:
                micros = v.Micros;
                break;
            case ObType.DateTime or ObType.Date:
                micros = ((v.Micros % 86_400_000_000L) + 86_400_000_000L) % 86_400_000_000L;
                break;
            case ObType.String or ObType.Binary:
                if (!TimeText.TryParse(ExprValues.ToText(v), out micros))
                    return ObObj.Null;
                break;
            default:
                if (!TimeText.TryFromNumber(v.ToDecimal(), out micros))
                    return ObObj.Null;
                break;
        }
        micros = TimeText.Round(micros, fsp);
        return TimeText.InRange(micros) ? ObObj.FromTimeMicros(micros, fsp) : ObObj.Null;
    }

    private static bool TryToMicros(ObObj v, out long micros)
    {
        switch (v.Type)
        {
            case ObType.DateTime:
            case ObType.Date:
                micros = v.Micros;
                return true;
            case ObType.String:
                return ExprTemporal.TryParse(v.String, out micros, out _);
            default:
                return ExprTemporal.TryFromNumber(ExprValues.ToNumber(v), out micros, out _);
        }
    }
}
