using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// TIME arithmetic MariaDB allows: TIME(expr), TIME_TO_SEC, SEC_TO_TIME, TIMEDIFF, ADDTIME, SUBTIME,
// MAKETIME, CURTIME / CURRENT_TIME, a TIME plus or minus an INTERVAL (DATE_ADD / DATE_SUB call
// AddInterval), and HOUR / MINUTE / SECOND / MICROSECOND of a TIME (hours beyond 23 included). Results
// beyond ±838:59:59.999999 are NULL (MariaDB clamps and warns).
internal static class TimeFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Def("TIME", 1, 1, (a, _) => TryTime(a[0], out var t, out var fsp) ? ObObj.FromTimeMicros(t, fsp) : ObObj.Null),
        Def("TIME_TO_SEC", 1, 1, (a, _) => TimeToSec(a[0])),
        Def("SEC_TO_TIME", 1, 1, (a, _) => SecToTime(a[0])),
        Def("TIMEDIFF", 2, 2, (a, _) => TimeDiff(a[0], a[1])),
        Def("ADDTIME", 2, 2, (a, _) => AddTime(a[0], a[1], 1)),
        Def("SUBTIME", 2, 2, (a, _) => AddTime(a[0], a[1], -1)),
        Def("MAKETIME", 3, 3, (a, _) => MakeTime(a[0], a[1], a[2])),
        Def("CURTIME", 0, 1, (a, call) => CurTime(call.Context, a.Length > 0 ? (int)a[0].ToInt64() : 0)),
        Def("CURRENT_TIME", 0, 1, (a, call) => CurTime(call.Context, a.Length > 0 ? (int)a[0].ToInt64() : 0)),
    ];

    // HOUR/MINUTE/SECOND/MICROSECOND: of a TIME (or time text) its own parts, of a date its time of day.
    public static FunctionDefinition Part(string name, Func<long, long> part) =>
        Def(name, 1, 1, (a, call) =>
        {
            if (a[0].Type is ObType.DateTime or ObType.Date || (a[0].Type is ObType.String && TemporalValues.TryRead(a[0], out _, out _)))
            {
                return TemporalValues.TryRead(a[0], out var m, out _)
                    ? ObObj.FromInt(part(((m % TemporalValues.MicrosPerDay) + TemporalValues.MicrosPerDay) % TemporalValues.MicrosPerDay))
                    : ObObj.Null;
            }
            return TryTime(a[0], out var t, out _) ? ObObj.FromInt(part(Math.Abs(t))) : ObObj.Null;
        });

    // A value read as a TIME, with the fraction digits it shows.
    private static bool TryTime(ObObj v, out long micros, out int fsp)
    {
        fsp = -1;
        switch (v.Type)
        {
            case ObType.Time:
                micros = v.Micros;
                fsp = v.TimeFsp;
                return true;
            case ObType.DateTime or ObType.Date:
                micros = ((v.Micros % TemporalValues.MicrosPerDay) + TemporalValues.MicrosPerDay) % TemporalValues.MicrosPerDay;
                fsp = micros % TemporalValues.MicrosPerSecond == 0 ? 0 : -1;
                return true;
            case ObType.String or ObType.Binary:
                {
                    var text = ExprValues.ToText(v);
                    var dot = text.LastIndexOf('.');
                    fsp = dot < 0 ? 0 : Math.Min(6, text.Length - dot - 1);
                    return TimeText.TryParse(text, out micros);
                }
            case ObType.Null:
                micros = 0;
                return false;
            default:
                {
                    var n = v.ToDecimal();
                    fsp = Math.Min(6, (int)n.Scale);
                    return TimeText.TryFromNumber(n, out micros);
                }
        }
    }

    private static ObObj Result(long micros, int fsp) =>
        TimeText.InRange(micros) ? ObObj.FromTimeMicros(micros, fsp) : ObObj.Null;

    private static ObObj TimeToSec(ObObj v)
    {
        if (!TryTime(v, out var t, out var fsp))
            return ObObj.Null;
        if (t % TimeText.MicrosPerSecond == 0 && fsp <= 0)
            return ObObj.FromInt(t / TimeText.MicrosPerSecond);
        var seconds = t / 1_000_000m;
        return ObObj.FromDecimal(ExprValues.WithScale(seconds, fsp < 0 ? 6 : fsp));
    }

    private static ObObj SecToTime(ObObj v)
    {
        var seconds = v.ToDecimal();
        var fsp = Math.Min(6, (int)seconds.Scale);
        var micros = Math.Round(seconds * 1_000_000m);
        if (Math.Abs(micros) > TimeText.MaxMicros)
            return ObObj.Null;
        return ObObj.FromTimeMicros((long)micros, fsp);
    }

    // TIMEDIFF(a, b): both times or both date-times, as a TIME.
    private static ObObj TimeDiff(ObObj a, ObObj b)
    {
        var aDate = IsDateTime(a, out var x);
        var bDate = IsDateTime(b, out var y);
        if (aDate != bDate)
            return ObObj.Null;
        if (!aDate && (!TryTime(a, out x, out _) || !TryTime(b, out y, out _)))
            return ObObj.Null;
        var diff = x - y;
        return Result(diff, diff % TimeText.MicrosPerSecond == 0 && Fsp(a) <= 0 && Fsp(b) <= 0 ? 0 : Math.Max(Math.Max(Fsp(a), Fsp(b)), 6));
    }

    private static int Fsp(ObObj v) => v.Type == ObType.Time ? v.TimeFsp : TryTime(v, out _, out var f) ? f : 0;

    private static bool IsDateTime(ObObj v, out long micros)
    {
        micros = 0;
        if (v.Type is ObType.DateTime or ObType.Date)
        {
            micros = v.Micros;
            return true;
        }
        var text = v.Type is ObType.String ? v.String : null;
        return text is not null && text.Contains('-', StringComparison.Ordinal) && text.TrimStart()[0] != '-'
            && TemporalValues.TryRead(v, out micros, out _);
    }

    // ADDTIME(dt, t) of a DATETIME (TIMESTAMP(x, t)).
    public static ObObj AddTimeTo(ObObj dateTime, ObObj time) => AddTime(dateTime, time, 1);

    // ADDTIME(dt, t): a DATETIME stays one, anything else is a TIME.
    private static ObObj AddTime(ObObj a, ObObj b, int sign)
    {
        if (!TryTime(b, out var delta, out var deltaFsp))
            return ObObj.Null;
        var fraction = deltaFsp != 0 && delta % TimeText.MicrosPerSecond != 0;
        if (IsDateTime(a, out var at))
        {
            var sum = at + (sign * delta);
            return a.Type == ObType.String ? Str(ObObj.FromDateTimeMicros(sum).ToText()!) : ObObj.FromDateTimeMicros(sum);
        }
        if (!TryTime(a, out var t, out var fsp))
            return ObObj.Null;
        return Result(t + (sign * delta), fraction ? 6 : Math.Max(0, fsp));
    }

    private static ObObj MakeTime(ObObj h, ObObj m, ObObj s)
    {
        var hours = h.ToInt64();
        var minutes = m.ToInt64();
        var seconds = s.ToDecimal();
        if (minutes is < 0 or > 59 || seconds < 0 || seconds >= 60)
            return ObObj.Null;
        var micros = (Math.Abs(hours) * 3600 * TimeText.MicrosPerSecond) + (minutes * 60 * TimeText.MicrosPerSecond) + (long)(seconds * 1_000_000m);
        return Result(hours < 0 ? -micros : micros, Math.Min(6, (int)seconds.Scale));
    }

    private static ObObj CurTime(EvalContext ctx, int fsp)
    {
        var now = ExprTemporal.Now(ctx, fsp).Micros;
        return ObObj.FromTimeMicros(((now % TemporalValues.MicrosPerDay) + TemporalValues.MicrosPerDay) % TemporalValues.MicrosPerDay, fsp);
    }

    // A TIME plus or minus an INTERVAL of days or smaller units.
    public static ObObj AddInterval(ObObj time, ObObj amount, string unit, bool negate)
    {
        if (!Interval.TryParse(amount, unit, out var interval) || interval.Months != 0)
            return ObObj.Null;
        if (negate)
            interval = interval.Negated;
        return Result(time.Micros + interval.Micros, time.TimeFsp);
    }
}
