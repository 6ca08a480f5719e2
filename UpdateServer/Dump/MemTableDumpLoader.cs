using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Dump;

// Reads a dump SSTable back into a MemTable: a base into an empty one, each delta of its chain
// after it (its increments are newer than everything already there). Cells are copied into the
// MemTable's arena in their stored encoding, block by block, without building values or strings
// (decoding them made loading a dump take several times as long as writing it). Every block is
// CRC-checked by the reader; a damaged or out-of-place row throws (restart stops with the file
// named) rather than load a MemTable that differs from what the log had built.
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
        var rows = new RowAssembler(memTable, manifest, path);
        for (var i = 0; i < reader.BlockCount; i++)
            rows.Add(await reader.ReadBlockAsync(i, ct).ConfigureAwait(false));
        rows.Flush();
    }

    // Gathers one row's increments (newest first in the file, adjacent, maybe across blocks) and
    // restores the row once the next row starts.
    private sealed class RowAssembler(MemTable.MemTable memTable, DumpManifest manifest, string path)
    {
        private readonly List<RestoredIncrement> _increments = [];
        private (bool, ulong)? _released;
        private ulong _tableId;
        private byte[]? _rowKey;

        public void Add(SSTableBlock block)
        {
            for (var i = 0; i < block.RowCount; i++)
            {
                var kind = SSTableRowCodec.ReadEncoded(block.RowBytesAt(i), out var key, out var cellCount, out var cells);
                var table = DumpKey.Split(key, out var rowKey, out var version);
                if (_rowKey is null || table != _tableId || !rowKey.SequenceEqual(_rowKey))
                {
                    Flush();
                    (_tableId, _rowKey, _released) = (table, rowKey.ToArray(), null);
                }
                if (version == DumpKey.ReleasedMarker)
                {
                    if (!manifest.IsBase)
                        throw Corrupt("released marker in a delta dump");
                    _released = (kind == SSTableRowKind.Full, ReleasedVersionOf(cellCount, cells));
                    continue;
                }
                if (version > manifest.LastVersion || version <= manifest.FromVersion)
                    throw Corrupt($"increment version {version} is outside the dump's versions ({manifest.FromVersion}, {manifest.LastVersion}]");
                try
                {
                    _increments.Add(memTable.StoreEncoded(version, KindOf(kind), cells, cellCount));
                }
                catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    throw Corrupt($"cells of version {version} do not parse ({ex.Message})");
                }
            }
        }

        // Increments arrive newest first; the MemTable rebuilds chains oldest first.
        public void Flush()
        {
            if (_rowKey is null)
                return;
            _increments.Reverse();
            memTable.Restore(_tableId, _rowKey, _released, _increments);
            _increments.Clear();
        }

        private ulong ReleasedVersionOf(int cellCount, ReadOnlySpan<byte> cells)
        {
            var pos = 0;
            if (cellCount == 1 && (int)CellCodec.ReadVarUInt(cells, ref pos) == MemTableDumper.ReleasedVersionColumn
                && CellCodec.Read(cells, ref pos) is { Type: ObType.UInt, UInt: not 0 } value)
            {
                return value.UInt;
            }
            throw Corrupt("released marker without its version");
        }

        private IncrementKind KindOf(SSTableRowKind kind) => kind switch
        {
            SSTableRowKind.Update => IncrementKind.Update,
            SSTableRowKind.Replace => IncrementKind.Replace,
            SSTableRowKind.Deleted => IncrementKind.Delete,
            _ => throw Corrupt($"row kind {kind} in a dump"),
        };

        private SSTableCorruptException Corrupt(string what) =>
            new($"dump {path}: {what}") { FilePath = path };
    }
}
