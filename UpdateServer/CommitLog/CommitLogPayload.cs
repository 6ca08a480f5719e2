using System.Buffers;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.CommitLog;

// The body of one log entry (one transaction): varint mutation count, per mutation varint table
// id, rowkey bytes, kind byte, varint cell count, (varint column id, cell) pairs; then varint
// auto-increment mark count and (varint table id, varint high-water) pairs.
public sealed record CommitLogPayload(IReadOnlyList<LoggedMutation> Mutations, IReadOnlyList<AutoIncMark> AutoInc)
{
    // Encoded with HeaderSpace bytes reserved in front (the header and the entry's stamp), so the
    // group committer fills them in place and writes header and body without another copy.
    public const int HeaderSpace = CommitLogEntryHeader.Size + EntryStamp.Size;

    public byte[] EncodeWithHeaderSpace()
    {
        // One buffer per thread, reused: only the finished entry is a new array.
        var writer = t_writer ??= new ArrayBufferWriter<byte>(1024);
        writer.ResetWrittenCount();
        writer.Advance(HeaderSpace);
        CellCodec.WriteVarUInt(writer, (ulong)Mutations.Count);
        foreach (var m in Mutations)
            m.WriteTo(writer);
        CellCodec.WriteVarUInt(writer, (ulong)AutoInc.Count);
        foreach (var mark in AutoInc)
        {
            CellCodec.WriteVarUInt(writer, mark.TableId);
            CellCodec.WriteVarUInt(writer, mark.HighWater);
        }
        var entry = writer.WrittenSpan.ToArray();
        if (writer.Capacity > 64 << 10)
            t_writer = null; // a huge transaction: do not keep its buffer per thread
        return entry;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_writer;

    public static CommitLogPayload Decode(ReadOnlySpan<byte> source)
    {
        var pos = 0;
        var count = checked((int)CellCodec.ReadVarUInt(source, ref pos));
        var mutations = new List<LoggedMutation>(Math.Min(count, 4096));
        for (var i = 0; i < count; i++)
        {
            var tableId = CellCodec.ReadVarUInt(source, ref pos);
            var rowKey = CellCodec.ReadBytes(source, ref pos).ToArray();
            var kind = (IncrementKind)source[pos++];
            if (kind > IncrementKind.Delete)
                throw new FormatException($"bad increment kind {(byte)kind}");
            var cellCount = checked((int)CellCodec.ReadVarUInt(source, ref pos));
            var cells = new ColumnCell[cellCount];
            for (var c = 0; c < cellCount; c++)
            {
                var columnId = checked((int)CellCodec.ReadVarUInt(source, ref pos));
                cells[c] = new ColumnCell(columnId, CellCodec.Read(source, ref pos));
            }
            mutations.Add(new LoggedMutation(tableId, rowKey, kind, cells));
        }
        var markCount = checked((int)CellCodec.ReadVarUInt(source, ref pos));
        var marks = new List<AutoIncMark>(Math.Min(markCount, 4096));
        for (var i = 0; i < markCount; i++)
            marks.Add(new AutoIncMark(CellCodec.ReadVarUInt(source, ref pos), CellCodec.ReadVarUInt(source, ref pos)));
        if (pos != source.Length)
            throw new FormatException($"{source.Length - pos} trailing bytes");
        return new CommitLogPayload(mutations, marks);
    }
}
