namespace OceanClassic.Common.Expr.Functions;

// MySQL's week numbering (WEEK, YEARWEEK, WEEKOFYEAR, DATE_FORMAT %U %u %V %v %X %x): the mode's bits
// say whether weeks start on Monday (1), whether a week belongs to the year holding most of it or can
// be week 0 (2: the year of the week is returned instead), and whether week 1 is the first week with a
// start day (4) or the first with four days or more.
internal static class WeekNumbers
{
    public const int MondayFirst = 1;
    public const int WeekYear = 2;
    public const int FirstWeekday = 4;

    // WEEK(d, mode)'s mode turned into the three bits above.
    public static int Behaviour(int mode)
    {
        var format = mode & 7;
        if ((format & MondayFirst) == 0)
            format ^= FirstWeekday;
        return format;
    }

    public static int Week(DateTime d, int behaviour, out int year)
    {
        long dayNumber = TemporalValues.ToDays(d);
        long firstDay = TemporalValues.ToDays(new DateTime(d.Year, 1, 1));
        var mondayFirst = (behaviour & MondayFirst) != 0;
        var weekYear = (behaviour & WeekYear) != 0;
        var firstWeekday = (behaviour & FirstWeekday) != 0;
        var weekday = Weekday(firstDay, !mondayFirst);
        year = d.Year;
        if (d.Month == 1 && d.Day <= 7 - weekday)
        {
            if (!weekYear && ((firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4)))
                return 0;
            weekYear = true;
            year--;
            var days = DaysInYear(year);
            firstDay -= days;
            weekday = (weekday + (53 * 7) - days) % 7;
        }
        long span = (firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4)
            ? dayNumber - (firstDay + (7 - weekday))
            : dayNumber - (firstDay - weekday);
        if (weekYear && span >= 52 * 7)
        {
            weekday = (weekday + DaysInYear(year)) % 7;
            if ((!firstWeekday && weekday < 4) || (firstWeekday && weekday == 0))
            {
                year++;
                return 1;
            }
        }
        return (int)(span / 7) + 1;
    }

    // 0 = Monday .. 6 = Sunday, or 0 = Sunday .. 6 = Saturday when Sunday starts the week.
    private static int Weekday(long dayNumber, bool sundayFirst) => (int)((dayNumber + 5 + (sundayFirst ? 1 : 0)) % 7);

    private static int DaysInYear(int year) => DateTime.IsLeapYear(year) ? 366 : 365;
}
