using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.MemTable;

public readonly record struct RestoredIncrement(ulong Version, IncrementKind Kind, CellBlock Cells, long Bytes);

// Rebuilding a MemTable from a dump (UpdateServer/Dump): each row gets back its version chain and
// what a release left of it, exactly as the log had built them.
public sealed partial class MemTable
{
    // Cells in the MemTable's own encoding (a dump holds them so), copied into its arena: no
    // values or strings are built. Throws FormatException on cells that do not parse. Writer only.
    public RestoredIncrement StoreEncoded(ulong version, IncrementKind kind, ReadOnlySpan<byte> encoded, int count)
    {
        // String sizes are counted in UTF-8 bytes here, in chars on the apply path: equal for ASCII.
        long stringBytes = 0;
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            CellCodec.ReadVarUInt(encoded, ref pos);
            stringBytes += CellCodec.Skip(encoded, ref pos);
        }
        if (pos != encoded.Length)
            throw new FormatException($"{encoded.Length - pos} bytes after the {count} cells of an increment");
        return new RestoredIncrement(version, kind, _arena.AddEncoded(encoded, count), IncrementBytes(count, stringBytes));
    }

    // `increments` (from StoreEncoded) oldest first, versions increasing; `released` is the
    // (exists, version) a release left, or null. Writer only, before the MemTable is shared.
    public void Restore(ulong tableId, byte[] rowKey, (bool Exists, ulong Version)? released, IReadOnlyList<RestoredIncrement> increments)
    {
        var newest = increments.Count > 0 ? increments[^1].Version : released?.Version ?? 0;
        var row = _rows.GetOrAdd(tableId, rowKey, newest, out var created);
        long bytes = created ? RowOverhead + rowKey.Length : 0;
        if (released is { } r)
            row.RestoreReleased(r.Exists, r.Version);
        foreach (var increment in increments)
        {
            var incrementBytes = increment.Bytes;
            // A dump holds the increments, not their images: they are built again as the log built them.
            var image = row.NeedsFoldImage(increment.Kind) ? FoldImageOver(row, increment.Cells.Decode(), ref incrementBytes) : null;
            row.Prepend(increment.Version, increment.Kind, increment.Cells, incrementBytes, image);
            bytes += incrementBytes;
        }
        Interlocked.Add(ref _approximateBytes, bytes);
    }

    // Every row in (table id, rowkey) order, for a dump; safe while the writer goes on.
    public IEnumerable<MemTableRow> AllRows() => _rows.All();

    // The rows with an increment newer than `version`, in the same order, without walking the
    // rest: what a delta dump needs.
    public IEnumerable<MemTableRow> RowsChangedAfter(ulong version) => _rows.ChangedAfter(version);
}
