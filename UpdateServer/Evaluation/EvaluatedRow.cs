using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Evaluation;

// The committed row an evaluated UPDATE or DELETE (ApplyRequest.update) works on: its baseline at
// min_version (EvaluatedUpdate.baseline, read by the MergeServer from a ChunkServer's tablet of that version
// without increments; none when the tablet's baseline is empty or lacks the row) with the row's increments
// newer than min_version folded over it, exactly as RowFusion fuses them for a read: a Replace or a Delete
// decides the row alone, an Update writes its cells over the baseline row and is no row without one. A
// baseline of version v never changes, and the UpdateServer holds every increment above v until it
// releases them (the caller checks 6101 around the fold), so under the row's lock this is the row now.
public static class EvaluatedRow
{
    // The committed state as one net increment: a Replace with the whole row when it exists.
    public static NetIncrement? Committed(EvaluatedUpdate update, NetIncrement? increments)
    {
        if (increments is { Kind: IncrementKind.Replace or IncrementKind.Delete } || Baseline(update) is not { } baseline)
            return increments;
        return increments is { } net
            ? new NetIncrement(IncrementKind.Replace, ColumnCells.Overlay(baseline, net.Cells), net.NewestVersion)
            : new NetIncrement(IncrementKind.Replace, baseline, update.MinVersion);
    }

    // The baseline row's cells sorted by column id (markers left out: a stored absent cell reads as NULL),
    // or null when the baseline holds no such row.
    private static ColumnCell[]? Baseline(EvaluatedUpdate update)
    {
        var block = update.Baseline.Span;
        if (block.IsEmpty)
            return null;
        var pos = 0;
        var count = CellCodec.ReadVarUInt(block, ref pos);
        if (count == 0)
            return null;
        if (count != 1)
            throw new RpcException(RpcErrorCodes.ProtocolError, $"an evaluated update's baseline holds {count} rows");
        var cells = new List<ColumnCell>(update.ColumnIds.Count);
        foreach (var id in update.ColumnIds)
        {
            var value = CellCodec.Read(block, ref pos);
            if (!value.IsMarker)
                cells.Add(new ColumnCell((int)id, value));
        }
        if (pos != block.Length)
            throw new RpcException(RpcErrorCodes.ProtocolError, "an evaluated update's baseline has bytes after its row");
        return ColumnCells.Normalize(cells);
    }
}
