using System.Globalization;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Session;

// The session's clock for one statement, as MariaDB keeps it: the instant is the statement's start, or
// the one `SET timestamp = n` fixed (seconds since 1970 UTC, with a fraction; 0 or DEFAULT lets the clock
// run again), and time_zone says how that instant reads as local time (SYSTEM: the MergeServer host's
// zone; an offset '+hh:mm' as it is). NOW(), CURDATE(), CURTIME() read the local time; UNIX_TIMESTAMP and
// FROM_UNIXTIME convert between it and seconds with the offset.
public static class SessionClock
{
    public static (DateTime Local, TimeSpan Offset) At(SessionVariables variables, DateTime startedUtc)
    {
        var instant = variables.TryGet("timestamp", out var fixedAt) && FixedInstant(fixedAt) is { } at ? at : startedUtc;
        var offset = variables.TryGet("time_zone", out var zone) ? OffsetOf(zone.ToText() ?? "SYSTEM", instant) : TimeSpan.Zero;
        return (instant + offset, offset);
    }

    private static DateTime? FixedInstant(ObObj value)
    {
        if (value.IsNull || !value.IsNumeric)
            return null;
        var seconds = value.ToDecimal();
        if (seconds <= 0)
            return null;
        return DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    // A time_zone setting is SYSTEM or [+-]hh:mm (SessionVariables checks it when set).
    private static TimeSpan OffsetOf(string zone, DateTime instantUtc)
    {
        if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':'
            && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            return TimeSpan.FromMinutes((zone[0] == '-' ? -1 : 1) * ((hours * 60) + minutes));
        return TimeZoneInfo.Local.GetUtcOffset(DateTime.SpecifyKind(instantUtc, DateTimeKind.Utc));
    }
}
