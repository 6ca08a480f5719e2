using OceanClassic.UpdateServer.Transactions;

namespace OceanClassic.UpdateServer.Engine;

// UNIQUE indexes (RowMutation.unique_key). A UNIQUE index row's key is (index values, primary key), so
// two rows with one value have different keys and the MemTable alone would take both: a row that
// carries a unique key is refused (1062) when another row of its table whose key starts with the same
// values exists — in the MemTable's latest state, as the writer's own earlier mutations leave it. The
// MemTable knows every row ever written, also those whose data only a ChunkServer baseline still holds
// (MemTableRow.ExistsAtLatest keeps what a release dropped), exactly as for primary-key duplicates.
//
// Race freedom: the value itself is a row-lock key (PreparedTransaction.LockKeys), held by an
// autocommit write until its entry is durable and by a transaction until it ends, and the check runs
// with it held (under the apply lock for autocommit). So of two writers of one value the second
// checks only after the first committed (it sees the row: 1062) or rolled back (it does not).
internal static class UniqueKeyCheck
{
    // True when a row of `tableId` other than `ownKey` starting with `prefix` exists: `ownView` says how
    // the writer's own earlier mutations left a row (null = untouched), `ownRows` are the keys it wrote
    // with that prefix (they may not be in the MemTable yet).
    public static bool Taken(MemTable.MemTable memTable, ulong tableId, byte[] prefix, byte[] ownKey,
        Func<byte[], bool?> ownView, IEnumerable<byte[]> ownRows)
    {
        foreach (var row in memTable.RowsWithPrefix(tableId, prefix))
        {
            if (!row.RowKey.AsSpan().SequenceEqual(ownKey) && (ownView(row.RowKey) ?? row.ExistsAtLatest))
                return true;
        }
        foreach (var key in ownRows)
        {
            if (!key.AsSpan().SequenceEqual(ownKey) && ownView(key) == true)
                return true;
        }
        return false;
    }

    // The keys that start with `prefix`.
    public static Common.Protos.KeyRange PrefixRange(byte[] prefix)
    {
        var range = new Common.Protos.KeyRange { Start = Google.Protobuf.ByteString.CopyFrom(prefix), StartInclusive = true };
        var end = (byte[])prefix.Clone();
        var i = end.Length - 1;
        while (i >= 0 && end[i] == 0xFF)
            i--;
        if (i < 0)
        {
            range.EndIsMax = true;
            return range;
        }
        end[i]++;
        range.End = Google.Protobuf.ByteString.CopyFrom(end.AsSpan(0, i + 1));
        return range;
    }
}

// The rows one request (or one statement of a transaction) changed so far: whether each exists after
// its mutations, and which start with a given prefix.
internal sealed class WrittenRows
{
    private readonly Dictionary<RowLockKey, bool> _exists = [];
    private readonly SortedSet<RowLockKey> _ordered = [];

    public void Set(ulong tableId, byte[] rowKey, bool exists)
    {
        var key = new RowLockKey(tableId, rowKey);
        _exists[key] = exists;
        _ordered.Add(key);
    }

    public bool? Exists(ulong tableId, byte[] rowKey) => _exists.TryGetValue(new RowLockKey(tableId, rowKey), out var e) ? e : null;

    public IEnumerable<byte[]> WithPrefix(ulong tableId, byte[] prefix)
    {
        if (_ordered.Count == 0)
            yield break;
        var low = new RowLockKey(tableId, prefix);
        var high = _ordered.Max;
        if (high < low)
            yield break;
        foreach (var key in _ordered.GetViewBetween(low, high))
        {
            if (key.TableId != tableId || !key.RowKey.AsSpan().StartsWith(prefix))
                yield break;
            yield return key.RowKey;
        }
    }
}
