using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Values;

// TIMESTAMP is stored as UTC, as MariaDB stores it: a value written is local time in the session's zone
// (time_zone; its offset from UTC at the statement's instant), converted to UTC here; reads convert back
// (__TIMESTAMP, ColumnTypeFunctions). Its range is MariaDB's, in UTC: 1970-01-01 00:00:01 to
// 2038-01-19 03:14:07.999999; outside it is 1292 (the boundary checked after the fraction is cut to the
// column's digits, so '2038-01-19 03:14:07.9' fits a TIMESTAMP(0)).
public static partial class ColumnValueConverter
{
    private const long MicrosPerSecond = 1_000_000;
    private const long FirstTimestampMicros = MicrosPerSecond;
    private const long EndTimestampMicros = (int.MaxValue + 1L) * MicrosPerSecond;

    private static ObObj ToTimestamp(ObObj value, ColumnSchema column, int row, TimeSpan utcOffset)
    {
        var local = ToDateTime(value, column, row, dateOnly: false);
        var utc = local.Micros - (utcOffset.Ticks / 10);
        if (utc < FirstTimestampMicros || utc >= EndTimestampMicros)
            Throw(ErrorCodes.TruncatedWrongValueForDate, $"Incorrect datetime value: '{value.ToText()}' for column '{column.Name}' at row {row}");
        return ObObj.FromDateTimeMicros(utc, column.FractionalDigits);
    }

    // A column's constant default as a statement writes it (a TIMESTAMP's, kept as UTC, in the zone `utcOffset`
    // from UTC, which Convert takes back to UTC); null when it has none.
    public static ObObj? WrittenDefault(ColumnSchema column, TimeSpan utcOffset) =>
        column is { Type: ColumnType.Timestamp, Default: { } utc } ? TimestampInZone(utc, utcOffset) : column.Default;

    // A stored TIMESTAMP (UTC) as local time in a zone `utcOffset` from UTC; any other value as it is.
    public static ObObj TimestampInZone(ObObj stored, TimeSpan utcOffset) =>
        stored.Type == ObType.DateTime && utcOffset != TimeSpan.Zero
            ? ObObj.FromDateTimeMicros(stored.Micros + (utcOffset.Ticks / 10), stored.DateTimeFsp)
            : stored;
}
