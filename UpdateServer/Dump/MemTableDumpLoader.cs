using OceanClassic.Common.Storage;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Dump;

// Reads a dump SSTable back into a MemTable: a base into an empty one, each delta of its chain
// after it (its increments are newer than everything already there). Every block is CRC-checked
// by the reader; a damaged or out-of-place row throws (restart stops with the file named) rather
// than load a MemTable that differs from what the log had built.
public static class MemTableDumpLoader
{
    public static async Task LoadAsync(string path, DumpManifest manifest, MemTable.MemTable memTable, CancellationToken ct)
    {
        using var reader = await SSTableReader.OpenAsync(path, cache: null, ct).ConfigureAwait(false);
        if (reader.DataChecksum != manifest.SSTableChecksum || reader.RowCount != manifest.RowCount)
        {
            throw new SSTableCorruptException(
                $"dump {path}: holds {reader.RowCount} rows with checksum {reader.DataChecksum:X16}, its manifest says {manifest.RowCount} rows with {manifest.SSTableChecksum:X16}")
            { FilePath = path };
        }

        var increments = new List<(ulong, IncrementKind, ColumnCell[])>();
        (bool, ulong)? released = null;
        ulong tableId = 0;
        byte[]? rowKey = null;
        await foreach (var stored in reader.ScanAsync(ct).ConfigureAwait(false))
        {
            var (table, key, version) = DumpKey.Decode(stored.Key);
            if (rowKey is null || table != tableId || !key.AsSpan().SequenceEqual(rowKey))
            {
                Flush(memTable, tableId, rowKey, released, increments);
                (tableId, rowKey, released) = (table, key, null);
            }
            if (version == DumpKey.ReleasedMarker)
            {
                if (!manifest.IsBase)
                    throw Corrupt(path, "released marker in a delta dump");
                released = (stored.Kind == SSTableRowKind.Full, ReleasedVersionOf(stored, path));
                continue;
            }
            if (version > manifest.LastVersion || version <= manifest.FromVersion)
                throw Corrupt(path, $"increment version {version} is outside the dump's versions ({manifest.FromVersion}, {manifest.LastVersion}]");
            increments.Add((version, KindOf(stored.Kind, path), CellsOf(stored.Cells)));
        }
        Flush(memTable, tableId, rowKey, released, increments);
    }

    // Increments arrive newest first; the MemTable rebuilds chains oldest first.
    private static void Flush(MemTable.MemTable memTable, ulong tableId, byte[]? rowKey, (bool, ulong)? released, List<(ulong, IncrementKind, ColumnCell[])> increments)
    {
        if (rowKey is null)
            return;
        increments.Reverse();
        memTable.Restore(tableId, rowKey, released, increments);
        increments.Clear();
    }

    private static ulong ReleasedVersionOf(SSTableRow marker, string path) =>
        marker.Cells is [{ ColumnId: MemTableDumper.ReleasedVersionColumn } cell] && cell.Value.UInt != 0
            ? cell.Value.UInt
            : throw Corrupt(path, "released marker without its version");

    private static IncrementKind KindOf(SSTableRowKind kind, string path) => kind switch
    {
        SSTableRowKind.Update => IncrementKind.Update,
        SSTableRowKind.Replace => IncrementKind.Replace,
        SSTableRowKind.Deleted => IncrementKind.Delete,
        _ => throw Corrupt(path, $"row kind {kind} in a dump"),
    };

    private static ColumnCell[] CellsOf(SSTableCell[] cells)
    {
        if (cells.Length == 0)
            return [];
        var result = new ColumnCell[cells.Length];
        for (var i = 0; i < cells.Length; i++)
            result[i] = new ColumnCell(cells[i].ColumnId, cells[i].Value);
        return result;
    }

    private static SSTableCorruptException Corrupt(string path, string what) =>
        new($"dump {path}: {what}") { FilePath = path };
}
