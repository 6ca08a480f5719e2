using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// Value views shared by the evaluator's parts: truth, numbers and text as MySQL sees them.
public static class ExprValues
{
    // WHERE/HAVING/ON semantics: NULL and 0 are false; strings count by their numeric prefix.
    public static bool IsTrue(ObObj v) => Truth(v) == true;

    // Three-valued truth: null for SQL NULL.
    public static bool? Truth(ObObj v) => v.Type switch
    {
        ObType.Null or ObType.NotWritten or ObType.RowDeleted => null,
        ObType.Int or ObType.Bool or ObType.UInt => v.Int != 0,
        ObType.Double => v.Double != 0,
        ObType.Decimal => v.Decimal != 0,
        ObType.String or ObType.Binary when v.CarriedNumber is { } n => n != 0,
        ObType.Time => v.Micros != 0,
        ObType.String => ObObj.ParseDoublePrefix(v.String) != 0,
        ObType.Binary => ObObj.ParseDoublePrefix(v.ToText()!) != 0,
        _ => true, // a DATE/DATETIME as a number (YYYYMMDD...) is never 0
    };

    public static ObObj FromTruth(bool? b) => b is null ? ObObj.Null : ObObj.FromInt(b.Value ? 1 : 0);

    public static ObObj FromBool(bool b) => ObObj.FromInt(b ? 1 : 0);

    public static bool IsTemporal(ObObj v) => v.Type is ObType.DateTime or ObType.Date;

    // The number a value stands for in arithmetic: strings become DOUBLE, BOOL becomes INT,
    // DATETIME becomes YYYYMMDDhhmmss[.ffffff], DATE YYYYMMDD and TIME [-]hhmmss[.ffffff] (as MySQL); an
    // ENUM/SET value its index / bit mask, a BIT value or hex literal its unsigned number.
    public static ObObj ToNumber(ObObj v)
    {
        if (v.CarriedNumber is { } carried)
            return ObObj.FromUInt(carried);
        switch (v.Type)
        {
            case ObType.Time:
                {
                    var n = TimeText.ToNumber(v.Micros, v.TimeFsp);
                    return n.Scale == 0 ? ObObj.FromInt((long)n) : ObObj.FromDecimal(n);
                }
            case ObType.String:
                return ObObj.FromDouble(ObObj.ParseDoublePrefix(v.String));
            case ObType.Binary:
                return ObObj.FromDouble(ObObj.ParseDoublePrefix(v.ToText()!));
            case ObType.Bool:
                return ObObj.FromInt(v.Bool ? 1 : 0);
            case ObType.Date:
                {
                    var d = v.DateTime;
                    return ObObj.FromInt((d.Year * 10000L) + (d.Month * 100) + d.Day);
                }
            case ObType.DateTime:
                {
                    var d = v.DateTime;
                    var whole = (d.Year * 10000000000L) + (d.Month * 100000000L) + (d.Day * 1000000L) + (d.Hour * 10000L) + (d.Minute * 100L) + d.Second;
                    var frac = ((v.Micros % 1_000_000) + 1_000_000) % 1_000_000;
                    return frac == 0 ? ObObj.FromInt(whole) : ObObj.FromDecimal(whole + (frac / 1_000_000m));
                }
            default:
                return v;
        }
    }

    // The text of a value for string functions and LIKE (NULL must be handled by the caller).
    public static string ToText(ObObj v) => v.ToText() ?? "";

    public static bool IsZero(ObObj number) => number.Type switch
    {
        ObType.Int or ObType.UInt => number.Int == 0,
        ObType.Double => number.Double == 0,
        ObType.Decimal => number.Decimal == 0,
        _ => false,
    };

    // Decimal with exactly `scale` fraction digits (MySQL shows DECIMAL results at their scale).
    public static decimal WithScale(decimal value, int scale)
    {
        scale = Math.Clamp(scale, 0, 28);
        var rounded = Math.Round(value, scale, MidpointRounding.AwayFromZero);
        return rounded + new decimal(0, 0, 0, false, (byte)scale);
    }
}
