using System.Buffers;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.CommitLog;

// A mutation as the log records it: already resolved (an INSERT is logged as a Replace).
public sealed record LoggedMutation(ulong TableId, byte[] RowKey, IncrementKind Kind, ColumnCell[] Cells)
{
    // The encoding the log entry stores and the MemTable checksum hashes: both must see the same bytes.
    public void WriteTo(IBufferWriter<byte> writer)
    {
        CellCodec.WriteVarUInt(writer, TableId);
        IncrementRowCodec.WriteRowHeader(writer, RowKey, (byte)Kind, Cells.Length);
        foreach (var cell in Cells)
            IncrementRowCodec.WriteCell(writer, cell.ColumnId, cell.Value);
    }
}

public readonly record struct AutoIncMark(ulong TableId, ulong HighWater);
