using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Planning.KeyRange;

// A constant compared with a key column, in the column's storage type — but only when that conversion
// is exact, so the encoded key orders the same way the comparison does (5 for an INT key, not 5.5).
// A string takes the column's collation (the caller only passes constants compared under it).
public static class KeyValue
{
    public static bool TryExact(ObObj value, ColumnSchema column, out ObObj exact)
    {
        exact = default;
        if (value.IsNull || value.IsMarker)
            return false;
        switch (column.StorageType)
        {
            case ObType.Int:
            case ObType.UInt:
                {
                    if (value.Type is ObType.String || !value.IsNumeric)
                        return false;
                    var d = value.ToDecimal();
                    if (d != decimal.Truncate(d))
                        return false;
                    var (min, max) = ColumnValueConverter.IntegerRange(column.Type == ColumnType.Bool ? ColumnType.TinyInt : column.Type, column.Unsigned);
                    if (d < min || d > max)
                        return false;
                    exact = column.Unsigned ? ObObj.FromUInt((ulong)d) : ObObj.FromInt((long)d);
                    return true;
                }
            case ObType.String:
                if (value.Type != ObType.String)
                    return false;
                exact = value.WithCollation(column.Collation, CollationDerivation.Implicit);
                return true;
            case ObType.Binary:
                if (value.Type is not (ObType.String or ObType.Binary))
                    return false;
                exact = ObObj.FromBinary(ObObj.BytesOf(value));
                return true;
            case ObType.Decimal:
                if (!value.IsNumeric || value.Type == ObType.Double)
                    return false;
                exact = ObObj.FromDecimal(value.ToDecimal());
                return true;
            case ObType.DateTime:
            case ObType.Date:
                if (value.Type == value.Type && value.Type == column.StorageType)
                {
                    exact = value;
                    return true;
                }
                if (value.Type == ObType.String && DateTimeText.TryParse(value.String, out var micros))
                {
                    exact = column.StorageType == ObType.Date ? ObObj.FromDateMicros(micros) : ObObj.FromDateTimeMicros(micros);
                    return column.StorageType != ObType.Date || micros % DateTimeText.MicrosPerDay == 0;
                }
                return false;
            default:
                return false;
        }
    }

    // An integer key never equals 5.5 or a value outside its type's range.
    public static bool CannotEqual(ObObj value, ColumnSchema column)
    {
        if (column.StorageType is not (ObType.Int or ObType.UInt) || !value.IsNumeric || value.Type == ObType.Double)
            return false;
        var d = value.ToDecimal();
        if (d != decimal.Truncate(d))
            return true;
        var (min, max) = ColumnValueConverter.IntegerRange(column.Type == ColumnType.Bool ? ColumnType.TinyInt : column.Type, column.Unsigned);
        return d < min || d > max;
    }
}
