using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// How a column of the types MySQL reads two ways is read (the MergeServer wraps every read of such a
// column in one of these, so they run on the ChunkServer for pushed filters too):
// __ENUM(col, member...) / __SET(col, member...): the stored member text, carrying its 1-based index /
// bit mask (ObObj.FromStringWithNumber) so numeric contexts (e + 0, e = 2) and ORDER BY see the number;
// __BIT(col, width): the stored number as ceil(width / 8) big-endian bytes, numeric in numeric contexts;
// __YEAR(col): the stored year, with 0 shown as 0000; __JSON(col): a JSON column's text as JSON (ObObj.FromJson);
// __TIMESTAMP(col): a TIMESTAMP column's stored UTC instant as local time in the session's zone (EvalContext.UtcOffset,
// carried to the ChunkServers with a pushed-down filter), as MariaDB reads TIMESTAMP.
internal static class ColumnTypeFunctions
{
    public const string EnumRead = "__ENUM";
    public const string SetRead = "__SET";
    public const string BitRead = "__BIT";
    public const string YearRead = "__YEAR";
    public const string JsonRead = "__JSON";
    public const string TimestampRead = "__TIMESTAMP";

    public static readonly FunctionDefinition[] Definitions =
    [
        Def(EnumRead, 1, Many, (a, _) => Enum(a)),
        Def(SetRead, 1, Many, (a, _) => Set(a)),
        Def(BitRead, 2, 2, (a, _) => Bit(unchecked((ulong)a[0].ToInt64()), (int)a[1].ToInt64())),
        Def("__SET_FIND", 2, Many, (a, _) => SetFind(a)),
        Def(TimestampRead, 1, 1, (a, call) => a[0].Type == ObType.DateTime
            ? ObObj.FromDateTimeMicros(a[0].Micros + (call.Context.UtcOffset.Ticks / 10), a[0].DateTimeFsp)
            : a[0]),
        Def(JsonRead, 1, 1, (a, _) => a[0].Type == ObType.String ? ObObj.FromJson(a[0].String) : a[0]),
        Def(YearRead, 1, 1, (a, _) => a[0].Type == ObType.Int && a[0].Int == 0
            ? ObObj.FromStringWithNumber("0000", 0, Types.Collations.CollationId.Utf8mb4GeneralCi, Types.Collations.CollationDerivation.Coercible)
            : a[0]),
    ];

    private static ObObj Enum(ReadOnlySpan<ObObj> a)
    {
        var stored = a[0];
        if (stored.Type != ObType.String)
            return stored;
        var text = stored.String;
        for (var i = 1; i < a.Length; i++)
        {
            if (string.Equals(ExprValues.ToText(a[i]), text, StringComparison.Ordinal))
                return ObObj.FromStringWithNumber(text, (ulong)i, stored.Collation, stored.Derivation);
        }
        return ObObj.FromStringWithNumber(text, 0, stored.Collation, stored.Derivation);
    }

    private static ObObj Set(ReadOnlySpan<ObObj> a)
    {
        var stored = a[0];
        if (stored.Type != ObType.String)
            return stored;
        ulong mask = 0;
        if (stored.String.Length > 0)
        {
            foreach (var part in stored.String.Split(','))
            {
                for (var i = 1; i < a.Length; i++)
                {
                    if (string.Equals(ExprValues.ToText(a[i]), part, StringComparison.Ordinal))
                    {
                        mask |= 1UL << (i - 1);
                        break;
                    }
                }
            }
        }
        return ObObj.FromStringWithNumber(stored.String, mask, stored.Collation, stored.Derivation);
    }

    // FIND_IN_SET(item, set column): the item's position among the SET's members when the value holds it, else 0.
    private static ObObj SetFind(ReadOnlySpan<ObObj> a)
    {
        var item = ExprValues.ToText(a[0]);
        var stored = ExprValues.ToText(a[1]);
        if (stored.Length == 0 || item.Contains(',', StringComparison.Ordinal))
            return ObObj.FromInt(0);
        var held = stored.Split(',');
        for (var i = 2; i < a.Length; i++)
        {
            var member = ExprValues.ToText(a[i]);
            if (string.Equals(member, item, StringComparison.OrdinalIgnoreCase) && Array.Exists(held, h => h == member))
                return ObObj.FromInt(i - 1);
        }
        return ObObj.FromInt(0);
    }

    // BIT(width) value `bits` as its big-endian bytes.
    public static ObObj Bit(ulong bits, int width)
    {
        var bytes = new byte[Math.Max(1, (width + 7) / 8)];
        for (var i = bytes.Length - 1; i >= 0; i--, bits >>= 8)
            bytes[i] = (byte)bits;
        return ObObj.FromBitValue(bytes);
    }
}
