using System.Buffers;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// The statement's clock carried ahead of a pushed-down filter, so that a ChunkServer evaluates NOW(),
// CURDATE(), UNIX_TIMESTAMP(), a TIMESTAMP column's local time ... as the MergeServer would: the
// statement's instant (SET timestamp) as local time in the session's zone, and that zone's offset from
// UTC (SET time_zone). Form: a ClockTag byte, the local time as zigzag microseconds since 1970, the offset
// as zigzag seconds; then the expression as Write writes it. A filter without the header (an older
// MergeServer) evaluates at the reader's own clock and zone.
public static partial class ExprSerializer
{
    private const byte ClockTag = 0xC1;

    private static void WriteClock(IBufferWriter<byte> writer, EvalContext clock)
    {
        WriteByte(writer, ClockTag);
        CellCodec.WriteVarUInt(writer, CellCodec.ZigZag((clock.Now.Ticks - DateTime.UnixEpoch.Ticks) / 10));
        CellCodec.WriteVarUInt(writer, CellCodec.ZigZag((long)clock.UtcOffset.TotalSeconds));
    }

    // Where the expression starts: after the clock header, if there is one.
    private static int SkipClock(ReadOnlySpan<byte> source)
    {
        if (source.Length == 0 || source[0] != ClockTag)
            return 0;
        var pos = 1;
        CellCodec.ReadVarUInt(source, ref pos);
        CellCodec.ReadVarUInt(source, ref pos);
        return pos;
    }

    // The context a pushed-down filter evaluates in: the statement's clock when the filter carries it,
    // else this machine's clock and zone.
    public static EvalContext ContextOf(ReadOnlySpan<byte> filter)
    {
        if (filter.Length == 0 || filter[0] != ClockTag)
            return EvalContext.AtNow();
        try
        {
            var pos = 1;
            var micros = CellCodec.UnZigZag(CellCodec.ReadVarUInt(filter, ref pos));
            var offsetSeconds = CellCodec.UnZigZag(CellCodec.ReadVarUInt(filter, ref pos));
            return new EvalContext(DateTime.UnixEpoch.AddTicks(micros * 10)) { UtcOffset = TimeSpan.FromSeconds(offsetSeconds) };
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new FormatException("truncated or corrupt statement clock", ex);
        }
    }
}
