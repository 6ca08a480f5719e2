using System.Globalization;

namespace OceanClassic.RootServer.DailyMerge;

// major_freeze_duty_time: the daily local time ("HH:mm") at which the RootServer starts a major
// freeze by itself. The first duty is the next occurrence after the RootServer starts (a restart at
// 03:00 with a 02:00 duty waits for tomorrow); a failed freeze stays due and is retried.
public sealed class MajorFreezeDutySchedule
{
    private readonly TimeOnly _duty;
    private readonly TimeZoneInfo _zone;
    private DateTimeOffset _next;

    public MajorFreezeDutySchedule(TimeOnly duty, DateTimeOffset now, TimeZoneInfo zone)
    {
        _duty = duty;
        _zone = zone;
        _next = NextAfter(now);
    }

    public DateTimeOffset NextDue => _next;

    // Null when the option is empty (off).
    public static MajorFreezeDutySchedule? Create(string option, TimeProvider clock) =>
        TryParse(option, out var duty) ? new MajorFreezeDutySchedule(duty, clock.GetUtcNow(), clock.LocalTimeZone) : null;

    public static bool TryParse(string option, out TimeOnly duty) =>
        TimeOnly.TryParseExact(option.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out duty);

    public bool IsDue(DateTimeOffset now) => now >= _next;

    // The freeze for the current duty ran; the next one is tomorrow's.
    public void Done(DateTimeOffset now) => _next = NextAfter(now);

    private DateTimeOffset NextAfter(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var day = local.Date;
        for (var i = 0; i < 3; i++, day = day.AddDays(1))
        {
            var at = day + _duty.ToTimeSpan();
            var candidate = new DateTimeOffset(at, _zone.GetUtcOffset(at));
            if (candidate > now)
                return candidate;
        }
        throw new InvalidOperationException($"no duty time after {now:O}");
    }
}
