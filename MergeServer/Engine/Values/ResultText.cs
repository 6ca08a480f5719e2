using System.Globalization;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Values;

// A result value's text as the client sees it in its column: a DATETIME(n) / TIMESTAMP(n) / TIME(n) column (or
// NOW(n)) shows exactly n fractional digits; a DOUBLE result with fixed decimals (ExprTyping: ROUND(x)/3 has 4,
// PI() 6; a FLOAT(M,D) / DOUBLE(M,D) column D) shows exactly that many, as MariaDB prints it (also when the
// evaluator computed it exactly: ROUND(x, 1) * 1.25 is a DECIMAL value in a DOUBLE column); a DATETIME result without declared digits, and every
// other value, shows its own text.
public static class ResultText
{
    private const int NotFixedDecimals = 31;

    // binary: the rows go out in the binary protocol, which sends the DOUBLE itself (MariaDB sends every
    // digit there); its text must not be rounded to the display decimals.
    public static string? Of(ObObj value, ResultColumn column, bool binary = false) =>
        value.Type == ObType.DateTime && column.Decimals is > 0 and <= 6
            && column.Type is MySqlColumnType.DateTime or MySqlColumnType.Timestamp
            ? ObObj.FromDateTimeMicros(value.Micros, column.Decimals).ToText()
            : value.Type == ObType.Time && column.Type == MySqlColumnType.Time && column.Decimals is > 0 and <= 6 && value.TimeFsp != column.Decimals
            ? ObObj.FromTimeMicros(value.Micros, column.Decimals).ToText()
            : !binary && value.Type == ObType.Double && column.Type is MySqlColumnType.Double or MySqlColumnType.Float && column.Decimals < NotFixedDecimals
            ? Fixed(value.Double, column.Decimals)
            : !binary && value.Type == ObType.Decimal && column.Type is MySqlColumnType.Double or MySqlColumnType.Float && column.Decimals < NotFixedDecimals
            ? FixedExact(value.Decimal, column.Decimals)
            : value.ToText();

    // The same for a value the evaluator kept exact: its digits rounded (or padded) to `decimals`.
    private static string FixedExact(decimal d, int decimals)
    {
        var text = Math.Round(d, Math.Min(decimals, 28), MidpointRounding.AwayFromZero).ToString("F" + Math.Min(decimals, 28), CultureInfo.InvariantCulture);
        return decimals > 28 ? text + new string('0', decimals - 28) : text;
    }

    // MariaDB prints such a DOUBLE with `decimals` digits after the point, from its shortest exact digits
    // (beyond 17 significant digits it shows zeros).
    private static string? Fixed(double d, int decimals)
    {
        if (!double.IsFinite(d))
            return ObObj.FromDouble(d).ToText();
        if (Math.Abs(d) < 1e15)
            return d.ToString("F" + decimals, CultureInfo.InvariantCulture);
        if (!decimal.TryParse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
            return d.ToString("F0", CultureInfo.InvariantCulture) + (decimals > 0 ? "." + new string('0', decimals) : "");
        var text = exact.ToString("F" + Math.Min(decimals, 28), CultureInfo.InvariantCulture);
        return decimals > 28 ? text + new string('0', decimals - 28) : text;
    }
}
