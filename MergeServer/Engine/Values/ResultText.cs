using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Values;

// A result value's text as the client sees it in its column: a DATETIME(n) / TIMESTAMP(n) / TIME(n) column (or
// NOW(n)) shows exactly n fractional digits; a DATETIME result without declared digits, and every other value, shows
// its own text.
public static class ResultText
{
    public static string? Of(ObObj value, ResultColumn column) =>
        value.Type == ObType.DateTime && column.Decimals is > 0 and <= 6
            && column.Type is MySqlColumnType.DateTime or MySqlColumnType.Timestamp
            ? ObObj.FromDateTimeMicros(value.Micros, column.Decimals).ToText()
            : value.Type == ObType.Time && column.Type == MySqlColumnType.Time && column.Decimals is > 0 and <= 6 && value.TimeFsp != column.Decimals
            ? ObObj.FromTimeMicros(value.Micros, column.Decimals).ToText()
            : value.ToText();
}
