namespace OceanClassic.Common.Types;

// The fractional seconds of a DATETIME / TIMESTAMP kept to fsp digits (0..6): MariaDB cuts the further
// digits off (it rounds only under sql_mode TIME_ROUND_FRACTIONAL), towards the earlier instant, also
// before 1970 (negative microseconds).
public static class FractionalSeconds
{
    public static long Truncate(long micros, int fsp)
    {
        var unit = fsp switch
        {
            <= 0 => 1_000_000L,
            1 => 100_000L,
            2 => 10_000L,
            3 => 1_000L,
            4 => 100L,
            5 => 10L,
            _ => 1L,
        };
        return micros - (((micros % unit) + unit) % unit);
    }
}
