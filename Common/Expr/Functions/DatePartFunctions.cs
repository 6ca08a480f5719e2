using System.Globalization;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Parts of a date or time: YEAR .. MICROSECOND, QUARTER, DAYOFYEAR, DAYOFWEEK (1 = Sunday), WEEKDAY
// (0 = Monday), DAYNAME, MONTHNAME, WEEK / YEARWEEK / WEEKOFYEAR, EXTRACT, and the derived dates LAST_DAY,
// DATE, TO_DAYS, FROM_DAYS, MAKEDATE. An argument that is no date gives NULL.
internal static class DatePartFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Part("YEAR", d => d.Year),
        Part("MONTH", d => d.Month),
        Part("DAY", d => d.Day),
        Part("DAYOFMONTH", d => d.Day),
        TimeFunctions.Part("HOUR", t => t / 3_600_000_000),
        TimeFunctions.Part("MINUTE", t => t / 60_000_000 % 60),
        TimeFunctions.Part("SECOND", t => t / 1_000_000 % 60),
        Part("QUARTER", d => ((d.Month - 1) / 3) + 1),
        Part("DAYOFYEAR", d => d.DayOfYear),
        Part("DAYOFWEEK", d => (int)d.DayOfWeek + 1),
        Part("WEEKDAY", d => ((int)d.DayOfWeek + 6) % 7),
        Part("TO_DAYS", d => TemporalValues.ToDays(d)),
        Part("WEEKOFYEAR", d => WeekNumbers.Week(d, WeekNumbers.Behaviour(3), out int _)),
        TimeFunctions.Part("MICROSECOND", t => t % 1_000_000),
        Def("DAYNAME", 1, 1, (a, _) => Read(a[0], out var m) ? Str(TemporalValues.ToDateTime(m).DayOfWeek.ToString()) : ObObj.Null),
        Def("MONTHNAME", 1, 1, (a, _) => Read(a[0], out var m) ? Str(TemporalValues.ToDateTime(m).ToString("MMMM", CultureInfo.InvariantCulture)) : ObObj.Null),
        Def("WEEK", 1, 2, (a, _) => Read(a[0], out var m)
            ? ObObj.FromInt(WeekNumbers.Week(TemporalValues.ToDateTime(m), WeekNumbers.Behaviour(a.Length > 1 ? TemporalValues.Int(a[1]) : 0), out int _))
            : ObObj.Null),
        Def("YEARWEEK", 1, 2, (a, _) => YearWeek(a)),
        Def("LAST_DAY", 1, 1, (a, _) => LastDay(a[0])),
        Def("DATE", 1, 1, (a, _) => Read(a[0], out var m) ? TemporalValues.Date(TemporalValues.ToDateTime(m)) : ObObj.Null),
        Def("FROM_DAYS", 1, 1, (a, _) => FromDays(a[0].ToInt64())),
        Def("MAKEDATE", 2, 2, (a, _) => MakeDate(a[0].ToInt64(), a[1].ToInt64())),
        Def("EXTRACT", 2, 2, (a, _) => Extract(Text(a[0]), a[1])),
    ];

    private static FunctionDefinition Part(string name, Func<DateTime, long> part) =>
        Def(name, 1, 1, (a, _) => Read(a[0], out var m) ? ObObj.FromInt(part(TemporalValues.ToDateTime(m))) : ObObj.Null);

    private static bool Read(ObObj v, out long micros) => TemporalValues.TryRead(v, out micros, out bool _);

    private static ObObj YearWeek(ReadOnlySpan<ObObj> a)
    {
        if (!Read(a[0], out var m))
            return ObObj.Null;
        var mode = a.Length > 1 ? TemporalValues.Int(a[1]) : 0;
        var week = WeekNumbers.Week(TemporalValues.ToDateTime(m), WeekNumbers.Behaviour(mode | WeekNumbers.WeekYear), out var year);
        return ObObj.FromInt((year * 100L) + week);
    }

    private static ObObj LastDay(ObObj v)
    {
        if (!Read(v, out var m))
            return ObObj.Null;
        var d = TemporalValues.ToDateTime(m);
        return TemporalValues.Date(new DateTime(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month)));
    }

    private static ObObj FromDays(long days)
    {
        if (days < 366 || days > TemporalValues.ToDays(new DateTime(9999, 12, 31)))
            return Str("0000-00-00");
        return TemporalValues.Date(new DateTime((days - 366) * TimeSpan.TicksPerDay));
    }

    private static ObObj MakeDate(long year, long dayOfYear)
    {
        if (dayOfYear <= 0 || year < 0 || year > 9999)
            return ObObj.Null;
        if (year < 100)
            year += year < 70 ? 2000 : 1900;
        var d = new DateTime((int)year, 1, 1).AddDays(dayOfYear - 1);
        return d.Year > 9999 ? ObObj.Null : TemporalValues.Date(d);
    }

    private static ObObj Extract(string unit, ObObj v)
    {
        if (!Read(v, out var m))
            return ObObj.Null;
        var d = TemporalValues.ToDateTime(m);
        var micro = ((m % 1_000_000) + 1_000_000) % 1_000_000;
        long value = unit.ToUpperInvariant() switch
        {
            "YEAR" => d.Year,
            "QUARTER" => ((d.Month - 1) / 3) + 1,
            "MONTH" => d.Month,
            "WEEK" => WeekNumbers.Week(d, WeekNumbers.Behaviour(0), out int _),
            "DAY" => d.Day,
            "HOUR" => d.Hour,
            "MINUTE" => d.Minute,
            "SECOND" => d.Second,
            "MICROSECOND" => micro,
            "YEAR_MONTH" => (d.Year * 100L) + d.Month,
            "DAY_HOUR" => (d.Day * 100L) + d.Hour,
            "DAY_MINUTE" => (d.Day * 10000L) + (d.Hour * 100L) + d.Minute,
            "DAY_SECOND" => (d.Day * 1000000L) + (d.Hour * 10000L) + (d.Minute * 100L) + d.Second,
            "HOUR_MINUTE" => (d.Hour * 100L) + d.Minute,
            "HOUR_SECOND" => (d.Hour * 10000L) + (d.Minute * 100L) + d.Second,
            "MINUTE_SECOND" => (d.Minute * 100L) + d.Second,
            _ => long.MinValue,
        };
        return value == long.MinValue ? ObObj.Null : ObObj.FromInt(value);
    }
}
