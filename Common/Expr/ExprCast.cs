using System.Globalization;
using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// CAST(x AS type) and CONVERT(x, type) as MariaDB: SIGNED/UNSIGNED round exact numbers and read a
// string's integer prefix; out-of-range values clamp (1916), a negative becomes UNSIGNED by its
// complement (Note 1105), leftover text warns 1292; DECIMAL(M,D) clamps to its largest value (1264);
// CHAR(N)/BINARY(N) cut to N (1292); an unparsable DATE/DATETIME is NULL (1292). Warnings go to the
// evaluating statement (ExprWarnings). A hex/bit literal or BIT value casts by its number (CarriedNumber);
// TIME(fsp) takes a TIME, time text or [-]hhmmss number. width: DECIMAL's M or CHAR/BINARY's N; 0 = none given.
public static class ExprCast
{
    public static ObObj Convert(ObObj v, ObType target, int scale = -1, int width = 0)
    {
        if (v.IsNull)
            return v;
        switch (target)
        {
            case ObType.Int:
                return ObObj.FromInt(ToInt64(v));
            case ObType.UInt:
                return ObObj.FromUInt(ToUInt64(v));
            case ObType.Double:
                return ObObj.FromDouble(v.Type == ObType.String ? ToDouble(v.String) : ExprValues.ToNumber(v).ToDouble());
            case ObType.Decimal:
                {
                    var d = ToDecimal(v);
                    if (scale < 0)
                        return ObObj.FromDecimal(width > 0 ? ExprValues.WithScale(d, 0) : d);
                    return ObObj.FromDecimal(ClampDecimal(ExprValues.WithScale(d, scale), width, scale));
                }
            case ObType.String:
                {
                    var text = ExprValues.ToText(v);
                    if (width > 0 && text.Length > width)
                    {
                        ExprWarnings.Warn(ExprWarningCodes.TruncatedWrongValue, NumericText.Truncated($"CHAR({width})", text));
                        text = text[..width];
                    }
                    return ObObj.FromString(text);
                }
            case ObType.Binary:
                {
                    var bytes = ObObj.BytesOf(v);
                    if (width > 0 && bytes.Length > width)
                    {
                        ExprWarnings.Warn(ExprWarningCodes.TruncatedWrongValue, NumericText.Truncated($"BINARY({width})", ExprValues.ToText(v)));
                        bytes = bytes[..width];
                    }
                    return ObObj.FromBinary(bytes);
                }
            case ObType.Bool:
                return ObObj.FromBool(ExprValues.IsTrue(v));
            case ObType.Time:
                return ToTime(v, Math.Clamp(scale, 0, 6));
            case ObType.DateTime:
            case ObType.Date:
                {
                    if (!TryToMicros(v, out var micros))
                    {
                        ExprWarnings.Warn(ExprWarningCodes.TruncatedWrongValue, $"Incorrect datetime value: '{ExprValues.ToText(v)}'");
                        return ObObj.Null;
                    }
                    if (target == ObType.Date)
                        return ObObj.FromDateMicros(ExprTemporal.TruncateToDate(micros));
                    return scale < 0 ? ObObj.FromDateTimeMicros(micros) : ObObj.FromDateTimeMicros(FractionalSeconds.Truncate(micros, scale), scale);
                }
            default:
                throw new ExprException(ExprErrorCodes.IncorrectArguments, $"cannot CAST to {target}");
        }
    }

    private static long ToInt64(ObObj v)
    {
        if (v.CarriedNumber is { } carried)
            return unchecked((long)carried);
        if (v.Type is ObType.String or ObType.Binary)
        {
            var (negative, magnitude, overflow) = ParseInteger(ExprValues.ToText(v));
            if (negative)
                return overflow || magnitude > 1UL << 63 ? long.MinValue : unchecked(-(long)magnitude);
            return overflow ? -1 : unchecked((long)magnitude);
        }
        var n = ExprValues.ToNumber(v);
        switch (n.Type)
        {
            case ObType.Int:
                return n.Int;
            case ObType.UInt:
                return unchecked((long)n.UInt);
            case ObType.Decimal:
                {
                    var r = Math.Round(n.Decimal, MidpointRounding.AwayFromZero);
                    if (r is >= long.MinValue and <= long.MaxValue)
                        return (long)r;
                    Overflow(ConditionLevel.Warning, n, "INT");
                    return r < 0 ? long.MinValue : long.MaxValue;
                }
            default:
                {
                    // A DOUBLE rounds half to even, as MariaDB's rint (CAST(2.5e0 AS SIGNED) is 2).
                    var r = Math.Round(n.ToDouble(), n.Type == ObType.Double ? MidpointRounding.ToEven : MidpointRounding.AwayFromZero);
                    if (r is > -9.2233720368547758e18 and < 9.2233720368547758e18)
                        return (long)r;
                    Overflow(ConditionLevel.Note, n, "SIGNED BIGINT");
                    return r < 0 ? long.MinValue : long.MaxValue;
                }
        }
    }

    private static ulong ToUInt64(ObObj v)
    {
        if (v.CarriedNumber is { } carried)
            return carried;
        if (v.Type is ObType.String or ObType.Binary)
        {
            var (negative, magnitude, overflow) = ParseInteger(ExprValues.ToText(v));
            if (!negative)
                return overflow ? ulong.MaxValue : magnitude;
            if (overflow || magnitude > 1UL << 63)
                return 1UL << 63;
            NegativeToUnsigned();
            return unchecked((ulong)-(long)magnitude);
        }
        var n = ExprValues.ToNumber(v);
        switch (n.Type)
        {
            case ObType.UInt:
                return n.UInt;
            case ObType.Int:
                if (n.Int < 0)
                    NegativeToUnsigned();
                return unchecked((ulong)n.Int);
            case ObType.Decimal:
                {
                    var r = Math.Round(n.Decimal, MidpointRounding.AwayFromZero);
                    if (r is >= 0 and <= ulong.MaxValue)
                        return (ulong)r;
                    Overflow(ConditionLevel.Warning, n, "UNSIGNED INT");
                    return r < 0 ? 0 : ulong.MaxValue;
                }
            default:
                {
                    var r = Math.Round(n.ToDouble(), MidpointRounding.AwayFromZero);
                    if (r is >= 0 and < 1.8446744073709552e19)
                        return (ulong)r;
                    Overflow(ConditionLevel.Note, n, "UNSIGNED BIGINT");
                    return r < 0 ? 0 : ulong.MaxValue;
                }
        }
    }

    // A string's integer prefix (leading spaces and a sign allowed); warns 1292 for what is left over
    // and when the digits do not fit 64 bits.
    private static (bool Negative, ulong Magnitude, bool Overflow) ParseInteger(string s)
    {
        var length = NumericText.PrefixLength(s, allowFraction: false, out var start);
        var span = s.AsSpan(start, length);
        var negative = span.Length > 0 && span[0] == '-';
        if (span.Length > 0 && span[0] is '+' or '-')
            span = span[1..];
        var overflow = !ulong.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude) && span.Length > 0;
        if (overflow)
            ExprWarnings.Warn(ExprWarningCodes.TruncatedWrongValue, NumericText.Truncated("INTEGER", s));
        else
            NumericText.CheckWhole(s, allowFraction: false, "INTEGER");
        return (negative, magnitude, overflow);
    }

    private static double ToDouble(string s) => NumericText.ToDouble(s);

    private static decimal ToDecimal(ObObj v)
    {
        if (v.CarriedNumber is { } carried)
            return carried;
        if (v.Type is ObType.String or ObType.Binary)
        {
            var s = ExprValues.ToText(v);
            NumericText.CheckWhole(s, allowFraction: true, "DECIMAL");
            var length = NumericText.PrefixLength(s, allowFraction: true, out var start);
            return decimal.TryParse(s.AsSpan(start, length), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : (decimal)ObObj.ParseDoublePrefix(s);
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

    // DECIMAL(M,D) holds at most M-D integer digits: a larger value becomes the largest it holds.
    private static decimal ClampDecimal(decimal d, int precision, int scale)
    {
        if (precision <= 0 || precision > 28)
            return d;
        var max = ExprValues.WithScale((decimal)Math.Pow(10, precision - scale) - (decimal)Math.Pow(10, -scale), scale);
        if (Math.Abs(d) <= max)
            return d;
        ExprWarnings.Warn(ExprWarningCodes.WarnDataOutOfRange, "Out of range value for column 'CAST' at row 1");
        return d < 0 ? -max : max;
    }

    private static void NegativeToUnsigned() =>
        ExprWarnings.Note(ExprWarningCodes.UnknownError, "Cast to unsigned converted negative integer to it's positive complement");

    private static void Overflow(ConditionLevel level, ObObj value, string typeName)
    {
        var message = $"Got overflow when converting '{value.ToText()}' to {typeName}. Value truncated";
        if (level == ConditionLevel.Note)
            ExprWarnings.Note(ExprWarningCodes.DataOverflow, message);
        else
            ExprWarnings.Warn(ExprWarningCodes.DataOverflow, message);
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
