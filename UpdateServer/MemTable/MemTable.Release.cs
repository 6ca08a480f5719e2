using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.MemTable;

// After a daily merge every baseline holds the increments <= the frozen version: the UPS drops
// them (0.4 dropped its frozen MemTables). The row index itself stays, so the UPS still knows
// which rows exist for duplicate-key checks.
public sealed partial class MemTable
{
    private const int ReleaseBatchRows = 1024;

    // Drops every increment <= version. Each batch of rows is released under writerLock (the
    // apply lock), so writers prepend to a chain the release is not rebuilding.
    public long Release(ulong version, Lock writerLock, CancellationToken ct)
    {
        long freed = 0;
        var batch = new List<MemTableRow>(ReleaseBatchRows);
        foreach (var row in _rows.All())
        {
            batch.Add(row);
            if (batch.Count == ReleaseBatchRows)
                freed += ReleaseBatch(batch, version, writerLock, ct);
        }
        freed += ReleaseBatch(batch, version, writerLock, ct);
        return freed;
    }

    private long ReleaseBatch(List<MemTableRow> batch, ulong version, Lock writerLock, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        long bytes = 0;
        lock (writerLock)
        {
            foreach (var row in batch)
            {
                if (row.Release(version) is not { } dropped)
                    continue;
                foreach (var increment in dropped)
                    bytes += increment.AccountedBytes;
            }
        }
        batch.Clear();
        Interlocked.Add(ref _approximateBytes, -bytes);
        return bytes;
    }

    private static long IncrementBytes(ColumnCell[] cells)
    {
        long stringChars = 0;
        foreach (var cell in cells)
        {
            if (cell.Value.Type == ObType.String)
                stringChars += cell.Value.String.Length;
            else if (cell.Value.Type == ObType.Binary)
                stringChars += cell.Value.Bytes.Length;
        }
        return IncrementBytes(cells.Length, stringChars);
    }

    private static long IncrementBytes(int cellCount, long stringChars) =>
        IncrementOverhead + ((long)cellCount * CellOverhead) + (stringChars * 2);
}
