using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// A table read of SELECT … FOR UPDATE (exclusive) or LOCK IN SHARE MODE / FOR SHARE (shared): every
// row it returns is locked in the session's transaction (or, under autocommit, in a statement
// transaction whose locks end with the statement), waiting, timing out (1205) and detecting deadlocks
// (1213) as an UPDATE does. A WHERE that pins whole primary keys locks those keys, found or not;
// otherwise the matching keys are read first and then locked. Once the locks are granted the rows are
// read again at the newest committed version (plus the transaction's own writes) and the WHERE, still
// pushed to the ChunkServers, re-checked. NOWAIT fails with 1205 instead of waiting; SKIP LOCKED
// leaves out the rows another transaction holds. The single-table path reads through one of these, and
// so does each base table of a locking join (LeafRowSource), index lookups included. Read through a
// secondary index (through), the keys are the primary keys its entries point to, and the base rows are
// what is locked and returned. The rows read (and the keys to lock) are held in memory until the locks
// are granted, charged to the statement's join memory (1114 past ms_join_memory_limit), so a locking
// read of a huge range fails instead of growing the MergeServer.
public sealed class LockingRowSource(TableScanSpec spec, IReadOnlyList<int> rowKeyPositions, RowLockMode mode, IndexScan? through = null) : IRowSource
{
    public TableScanSpec Spec => spec;

    public IndexScan? Through => through;

    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        var rows = await StatementTransaction.RunAsync(context, commit: false, txId => LockAndReadAsync(context, txId));
        foreach (var row in rows)
            yield return row;
    }

    private async ValueTask<List<ObObj[]>> LockAndReadAsync(StatementContext context, ulong txId)
    {
        IReadOnlyList<byte[]> keys;
        if (through is not null)
            keys = await IndexKeysAsync(context, through, txId);
        else if (spec.Ranges.Count > 0 && spec.Ranges.All(r => r.IsPoint))
            keys = [.. spec.Ranges.Select(r => r.Start!).Distinct(ByteKeyComparer.Instance)];
        else
        {
            var matching = await ReadRowsAsync(context, spec, txId);
            keys = [.. matching.Select(RowKey).Distinct(ByteKeyComparer.Instance).Order(ByteKeyComparer.Instance)];
            context.JoinMemory.Release(matching.Sum(MemoryBudget.SizeOf));
        }
        ChargeKeys(context, keys);
        keys = await RowLocker.LockAsync(context, spec.Table, keys, mode.Shared, mode.Wait, txId);
        if (keys.Count == 0)
            return [];
        return await ReadRowsAsync(context, spec with { Ranges = [.. keys.Select(ScanRange.Point)] }, txId);
    }

    private static async ValueTask<List<byte[]>> IndexKeysAsync(StatementContext context, IndexScan index, ulong txId)
    {
        var keys = new List<byte[]>();
        await foreach (var key in index.BaseKeysAsync(context, new ReadSnapshot(0, txId)))
        {
            context.JoinMemory.Charge(KeyBytes(key));
            keys.Add(key);
        }
        context.JoinMemory.Release(keys.Sum(KeyBytes));
        return [.. keys.Distinct(ByteKeyComparer.Instance).Order(ByteKeyComparer.Instance)];
    }

    // READ COMMITTED plus the transaction's own writes: read version 0 is the UPS's newest committed one.
    private static async ValueTask<List<ObObj[]>> ReadRowsAsync(StatementContext context, TableScanSpec read, ulong txId)
    {
        var rows = new List<ObObj[]>();
        await foreach (var row in context.Engine.Scanner.ScanAsync(read, new ReadSnapshot(0, txId), context.Ct))
        {
            context.JoinMemory.Charge(row);
            rows.Add(row);
        }
        return rows;
    }

    // The keys to lock, held for the statement (and sent in one request).
    private static void ChargeKeys(StatementContext context, IReadOnlyList<byte[]> keys)
    {
        foreach (var key in keys)
            context.JoinMemory.Charge(KeyBytes(key));
    }

    private static long KeyBytes(byte[] key) => 24 + key.Length;

    private byte[] RowKey(ObObj[] row)
    {
        var key = new ObObj[rowKeyPositions.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = row[rowKeyPositions[i]];
        return RowKeyCodec.Encode(key);
    }
}
