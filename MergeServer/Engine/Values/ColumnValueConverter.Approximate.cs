using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Values;

// FLOAT and DOUBLE, with MariaDB's FLOAT(M,D) / DOUBLE(M,D): a value is cut to D decimals as MariaDB's
// Field_real does (its whole part, plus its fraction rounded to D digits half to even), and may have at most
// M - D digits before the point (1264 beyond). (A FLOAT keeps a DOUBLE's digits here, as a plain FLOAT does.)
// An UNSIGNED one refuses negative values (1264).
public static partial class ColumnValueConverter
{
    private static ObObj ToApproximate(ObObj value, ColumnSchema column, int row)
    {
        var number = ToDouble(value, column, row);
        if (column.Unsigned && number < 0)
            ThrowOutOfRange(column, row);
        if (column.Precision <= 0)
            return ObObj.FromDouble(number);
        var (cut, limit) = FixedDecimals(number, column);
        if (Math.Abs(cut) > limit)
            ThrowOutOfRange(column, row);
        return ObObj.FromDouble(cut);
    }

    // `number` cut to the column's D decimals, and the largest magnitude FLOAT(M,D) / DOUBLE(M,D) holds.
    public static (double Cut, double Limit) FixedDecimals(double number, ColumnSchema column)
    {
        var unit = Math.Pow(10, column.Scale);
        var limit = Math.Pow(10, column.Precision - column.Scale) - (1 / unit);
        if (!double.IsFinite(number))
            return (number, limit);
        var whole = Math.Floor(number);
        return (whole + (Math.Round((number - whole) * unit, MidpointRounding.ToEven) / unit), limit);
    }
}
