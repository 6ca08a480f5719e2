using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Expr;

// MySQL comparison of two non-NULL values: strings compare under their resolved collation
// (SqlValueComparer; utf8mb4_general_ci unless a column or COLLATE says otherwise), a number against a string compares as DOUBLE,
// exact numbers compare exactly, a DATE/DATETIME against a string parses the string, JSON against a
// non-JSON value compares the JSON scalar (a JSON string by its text, a number by value).
public static class ExprCompare
{
    public static int Compare(ObObj a, ObObj b)
    {
        if (a.IsJson != b.IsJson)
            (a, b) = (Functions.JsonFunctions.Scalar(a), Functions.JsonFunctions.Scalar(b));
        if (a.Type == ObType.Time || b.Type == ObType.Time)
            return CompareTime(a, b);
        var at = ExprValues.IsTemporal(a);
        var bt = ExprValues.IsTemporal(b);
        if (at || bt)
        {
            if (at && bt)
                return a.Micros.CompareTo(b.Micros);
            return at ? CompareTemporal(a, b) : -CompareTemporal(b, a);
        }
        return SqlValueComparer.Instance.Compare(a, b);
    }

    // A TIME against another TIME compares microseconds; against a string, the string read as a TIME;
    // against anything else, as numbers ([-]hhmmss[.ffffff]).
    private static int CompareTime(ObObj a, ObObj b)
    {
        if (a.Type == ObType.Time && b.Type == ObType.Time)
            return a.Micros.CompareTo(b.Micros);
        var (time, other, sign) = a.Type == ObType.Time ? (a, b, 1) : (b, a, -1);
        if (other.Type == ObType.String && TimeText.TryParse(other.String, out var micros))
            return sign * time.Micros.CompareTo(micros);
        return sign * ExprValues.ToNumber(time).ToDecimal().CompareTo(ExprValues.ToNumber(other).ToDecimal());
    }

    // Equality for IN, CASE and NULLIF, with the same rules as '='.
    public static bool AreEqual(ObObj a, ObObj b) => !a.IsNull && !b.IsNull && Compare(a, b) == 0;

    private static int CompareTemporal(ObObj temporal, ObObj other)
    {
        if (other.Type == ObType.String)
        {
            if (ExprTemporal.TryParse(other.String, out var micros, out _))
                return temporal.Micros.CompareTo(micros);
            return string.CompareOrdinal(temporal.ToText(), other.String);
        }
        return ExprValues.ToNumber(temporal).CompareTo(ExprValues.ToNumber(other));
    }

    public static ObObj Evaluate(BinaryOp op, ObObj a, ObObj b)
    {
        if (op == BinaryOp.NullSafeEq)
        {
            if (a.IsNull || b.IsNull)
                return ExprValues.FromBool(a.IsNull && b.IsNull);
            return ExprValues.FromBool(Compare(a, b) == 0);
        }
        if (a.IsNull || b.IsNull)
            return ObObj.Null;
        var c = Compare(a, b);
        return ExprValues.FromBool(op switch
        {
            BinaryOp.Eq => c == 0,
            BinaryOp.Ne => c != 0,
            BinaryOp.Lt => c < 0,
            BinaryOp.Le => c <= 0,
            BinaryOp.Gt => c > 0,
            _ => c >= 0,
        });
    }
}
