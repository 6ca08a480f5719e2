using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Schema.Display;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Engine.Statements.Upsert;

// The rows an upsert decides on, each read under its UPS lock in the statement's transaction, and how
// the statement leaves them. A row the statement proposes collides with an existing one by its primary
// key or by the values of any UNIQUE index (MariaDB's key order: PRIMARY, then IndexDisplay's order).
//
// Why the decision cannot be stale: for each proposed row the statement locks, in one request, its
// primary key and each UNIQUE value it carries — the very lock the UPS takes for a UNIQUE index row
// with that value (UniqueKeyCheck) — then reads the base row and the index rows with that value (latest
// committed state plus the transaction's own writes), then locks and reads every base row those index
// rows point to. While the value is locked no other writer can give a row that value, and while a
// base row is locked no one can change it; a row that dropped the value between the index read and its
// lock is seen without it (each candidate is checked by its own current values, never by the index row).
// A row with a NULL in a UNIQUE index's columns never collides on it, as in MySQL.
internal sealed class UpsertRows(StatementContext context, TableSchema table, ulong txId)
{
    private readonly Dictionary<byte[], RowState> _rows = new(ByteKeyComparer.Instance);
    private readonly List<byte[]> _order = [];
    private readonly IndexLayout[] _uniques = UniqueLayouts(context, table);
    // (unique index ordinal, value prefix) → the primary keys that held or hold that value.
    private readonly Dictionary<byte[], HashSet<byte[]>> _holders = new(ByteKeyComparer.Instance);
    private readonly HashSet<byte[]> _lockedValues = new(ByteKeyComparer.Instance);

    // One primary key's row: as read under its lock (null: absent) and as the statement leaves it.
    public sealed class RowState(ObObj[]? original)
    {
        public ObObj[]? Original { get; } = original;

        public ObObj[]? Current { get; set; } = original;

        // Deleted and inserted again by REPLACE (one MUT_REPLACE).
        public bool Replaced { get; set; }
    }

    // A key a row collides on: the existing row's primary key, the key's name and the colliding values.
    public sealed record Collision(byte[] RowKey, string KeyName, ObObj[] Values);

    public RowState this[byte[] key] => _rows[key];

    // Every row the statement read, in the order it first met them.
    public IEnumerable<(byte[] Key, RowState State)> InOrder => _order.Select(k => (k, _rows[k]));

    // Locks and reads every row that `proposed` could collide with (rows already read are skipped).
    public async ValueTask LockAndReadAsync(IReadOnlyList<ObObj[]> proposed)
    {
        var freshKeys = new SortedSet<byte[]>(ByteKeyComparer.Instance);
        var freshValues = new List<(int Unique, byte[] Prefix)>();
        foreach (var row in proposed)
        {
            var key = MutationBuilder.RowKey(table, row);
            if (!_rows.ContainsKey(key))
                freshKeys.Add(key);
            foreach (var (unique, prefix) in UniqueValues(row))
            {
                if (_lockedValues.Add(HolderKey(unique, prefix)))
                    freshValues.Add((unique, prefix));
            }
        }
        if (freshKeys.Count == 0 && freshValues.Count == 0)
            return;
        var request = new ApplyRequest { TxId = txId, LockWait = LockWait.Queue };
        foreach (var key in freshKeys)
            request.Mutations.Add(new RowMutation { TableId = table.TableId, Rowkey = ByteString.CopyFrom(key), Op = MutationOp.MutLock });
        foreach (var (unique, prefix) in freshValues)
            request.Mutations.Add(new RowMutation { TableId = _uniques[unique].Table.TableId, Rowkey = ByteString.CopyFrom(prefix), Op = MutationOp.MutLock });
        await context.Engine.Writer.ApplyAsync(request, context.Ct);
        await ReadBaseRowsAsync(freshKeys);
        var pointedTo = await ReadHoldersAsync(freshValues);
        pointedTo.RemoveWhere(_rows.ContainsKey);
        if (pointedTo.Count == 0)
            return;
        await RowLocker.LockAsync(context, table, [.. pointedTo], shared: false, LockWait.Queue, txId);
        await ReadBaseRowsAsync(pointedTo);
    }

    // The statement leaves `key`'s row as `row` (null: deleted).
    public void Set(byte[] key, ObObj[]? row)
    {
        _rows[key].Current = row;
        if (row is not null)
            AddHolder(key, row);
    }

    // The keys `row` (whose primary key is `key`) collides on, in MariaDB's key order, ignoring the row
    // of `except` (the row an ON DUPLICATE KEY UPDATE is changing). Its rows must have been read.
    public List<Collision> Collisions(ObObj[] row, byte[] key, byte[]? except)
    {
        var result = new List<Collision>();
        if (!Same(key, except) && _rows[key].Current is not null)
            result.Add(new Collision(key, "PRIMARY", [.. table.RowKeyColumns.Select(c => row[c])]));
        foreach (var (unique, prefix) in UniqueValues(row))
        {
            if (!_holders.TryGetValue(HolderKey(unique, prefix), out var holders))
                continue;
            foreach (var holder in holders)
            {
                if (Same(holder, key) || Same(holder, except) || _rows[holder].Current is not { } current)
                    continue;
                if (UniqueValue(unique, current) is { } held && held.AsSpan().SequenceEqual(prefix))
                {
                    if (!result.Any(c => Same(c.RowKey, holder)))
                        result.Add(new Collision(holder, _uniques[unique].Index.Name, _uniques[unique].IndexRow(row)[.._uniques[unique].ValueCount]));
                    break;
                }
            }
        }
        return result;
    }

    private static bool Same(byte[] a, byte[]? b) => b is not null && a.AsSpan().SequenceEqual(b);

    private async ValueTask ReadBaseRowsAsync(IReadOnlyCollection<byte[]> keys)
    {
        if (keys.Count == 0)
            return;
        var all = Enumerable.Range(0, table.Columns.Count).ToList();
        var existing = await DmlRowReader.ReadAsync(context, table, null, all, new ReadSnapshot(0, txId), [.. keys.Select(ScanRange.Point)]);
        foreach (var row in existing)
            Track(MutationBuilder.RowKey(table, row), row);
        foreach (var key in keys)
            Track(key, null);
    }

    // Reads the index rows with each value and notes the base rows they point to; returns those keys.
    private async ValueTask<SortedSet<byte[]>> ReadHoldersAsync(List<(int Unique, byte[] Prefix)> values)
    {
        var pointedTo = new SortedSet<byte[]>(ByteKeyComparer.Instance);
        foreach (var group in values.GroupBy(v => v.Unique))
        {
            var layout = _uniques[group.Key];
            var columns = Enumerable.Range(0, layout.Table.Columns.Count).ToList();
            var ranges = group.Select(v => v.Prefix).Order(ByteKeyComparer.Instance).Select(KeyRangeExtractor.PrefixRange).ToList();
            foreach (var indexRow in await DmlRowReader.ReadAsync(context, layout.Table, null, columns, new ReadSnapshot(0, txId), ranges))
            {
                var key = layout.BaseRowKey(indexRow);
                HoldersOf(group.Key, layout.KeyPrefix(indexRow.AsSpan(0, layout.ValueCount))).Add(key);
                pointedTo.Add(key);
            }
        }
        return pointedTo;
    }

    private void Track(byte[] key, ObObj[]? row)
    {
        if (!_rows.TryAdd(key, new RowState(row)))
            return;
        _order.Add(key);
        if (row is not null)
            AddHolder(key, row);
    }

    private void AddHolder(byte[] key, ObObj[] row)
    {
        foreach (var (unique, prefix) in UniqueValues(row))
            HoldersOf(unique, prefix).Add(key);
    }

    private HashSet<byte[]> HoldersOf(int unique, byte[] prefix)
    {
        var holderKey = HolderKey(unique, prefix);
        if (!_holders.TryGetValue(holderKey, out var holders))
            _holders[holderKey] = holders = new HashSet<byte[]>(ByteKeyComparer.Instance);
        return holders;
    }

    // Each UNIQUE index's encoded values of `row` (none for an index where it has a NULL).
    private IEnumerable<(int Unique, byte[] Prefix)> UniqueValues(ObObj[] row)
    {
        for (var u = 0; u < _uniques.Length; u++)
        {
            if (UniqueValue(u, row) is { } prefix)
                yield return (u, prefix);
        }
    }

    private byte[]? UniqueValue(int unique, ObObj[] row)
    {
        var layout = _uniques[unique];
        var values = layout.IndexRow(row).AsSpan(0, layout.ValueCount);
        return IndexLayout.HasNull(values) ? null : layout.KeyPrefix(values);
    }

    private static byte[] HolderKey(int unique, byte[] prefix)
    {
        var key = new byte[4 + prefix.Length];
        BitConverter.TryWriteBytes(key, unique);
        prefix.CopyTo(key, 4);
        return key;
    }

    // The table's UNIQUE indexes in the order MariaDB checks and lists them.
    private static IndexLayout[] UniqueLayouts(StatementContext context, TableSchema table)
    {
        var layouts = context.Schema.IndexLayoutsOf(table).Where(l => l.Index.Unique).ToDictionary(l => l.Index.Name, StringComparer.OrdinalIgnoreCase);
        return [.. IndexDisplay.KeysOf(table).Where(k => layouts.ContainsKey(k.Name) && k.Name != "PRIMARY").Select(k => layouts[k.Name])];
    }
}
