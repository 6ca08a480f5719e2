using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Schema.Display;

// A TIMESTAMP column's constant DEFAULT is an instant, kept as UTC like its values: SHOW CREATE TABLE,
// DESCRIBE and information_schema.COLUMNS show it in the reader's zone (utcOffset from UTC), as MariaDB does.
public static class TimestampDefaults
{
    public static ColumnSchema InZone(ColumnSchema c, TimeSpan utcOffset) =>
        c is { Type: ColumnType.Timestamp, Default: { Type: ObType.DateTime } utc } && utcOffset != TimeSpan.Zero
            ? c with { Default = ObObj.FromDateTimeMicros(utc.Micros + (utcOffset.Ticks / 10), utc.DateTimeFsp) }
            : c;
}
