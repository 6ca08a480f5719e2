using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Transactions;

// The private, uncommitted writes of one transaction: per table, rows in key order. Changed by
// the transaction's statements (one at a time); read by its scans (possibly several at once).
// Savepoints keep copies of it (a savepoint costs a copy of the rows written so far).
public sealed class TxWriteSet
{
    private readonly Lock _lock = new();
    private Dictionary<ulong, SortedDictionary<byte[], PendingRow>> _tables = [];
    private int _rows;

    // Savepoints, oldest first: each a copy of the write set when it was set.
    private readonly List<(string Name, Dictionary<ulong, SortedDictionary<byte[], PendingRow>> Tables, int Rows)> _marks = [];

    public int RowCount
    {
        get
        {
            lock (_lock)
                return _rows;
        }
    }

    public PendingRow? Find(ulong tableId, byte[] rowKey)
    {
        lock (_lock)
        {
            return _tables.TryGetValue(tableId, out var rows) && rows.TryGetValue(rowKey, out var row) ? row : null;
        }
    }

    // Adds one statement's rows (already folded per row by the caller) all at once.
    public void Merge(IEnumerable<(ulong TableId, byte[] RowKey, PendingRow Row)> rows)
    {
        lock (_lock)
        {
            foreach (var (tableId, rowKey, row) in rows)
            {
                if (!_tables.TryGetValue(tableId, out var table))
                    _tables[tableId] = table = new SortedDictionary<byte[], PendingRow>(ByteKeyComparer.Instance);
                if (!table.ContainsKey(rowKey))
                    _rows++;
                table[rowKey] = row;
            }
        }
    }

    // SAVEPOINT: marks the write set as it is (a mark of the same name is replaced). Always true.
    public bool SetMark(string name)
    {
        lock (_lock)
        {
            _marks.RemoveAll(m => Same(m.Name, name));
            _marks.Add((name, Copy(_tables), _rows));
            return true;
        }
    }

    // ROLLBACK TO SAVEPOINT: the write set as the mark saw it; later marks go. False: no such mark.
    public bool RollbackToMark(string name)
    {
        lock (_lock)
        {
            var i = _marks.FindIndex(m => Same(m.Name, name));
            if (i < 0)
                return false;
            _tables = Copy(_marks[i].Tables);
            _rows = _marks[i].Rows;
            _marks.RemoveRange(i + 1, _marks.Count - i - 1);
            return true;
        }
    }

    // RELEASE SAVEPOINT: forgets the mark and later ones; the writes stay. False: no such mark.
    public bool ReleaseMark(string name)
    {
        lock (_lock)
        {
            var i = _marks.FindIndex(m => Same(m.Name, name));
            if (i < 0)
                return false;
            _marks.RemoveRange(i, _marks.Count - i);
            return true;
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static Dictionary<ulong, SortedDictionary<byte[], PendingRow>> Copy(Dictionary<ulong, SortedDictionary<byte[], PendingRow>> tables) =>
        tables.ToDictionary(t => t.Key, t => new SortedDictionary<byte[], PendingRow>(t.Value, ByteKeyComparer.Instance));

    // A copy of the rows of one table inside `range` (null = all), in key order.
    public List<(byte[] RowKey, PendingRow Row)> Snapshot(ulong tableId, KeyRange? range)
    {
        var result = new List<(byte[], PendingRow)>();
        lock (_lock)
        {
            if (!_tables.TryGetValue(tableId, out var rows))
                return result;
            foreach (var (key, row) in rows)
            {
                if (InRange(key, range, out var pastEnd))
                    result.Add((key, row));
                else if (pastEnd)
                    break;
            }
        }
        return result;
    }

    // The whole write set as log mutations (table, then key order).
    public List<LoggedMutation> ToMutations()
    {
        lock (_lock)
        {
            var result = new List<LoggedMutation>(_rows);
            foreach (var tableId in _tables.Keys.Order())
            {
                foreach (var (key, row) in _tables[tableId])
                    result.Add(new LoggedMutation(tableId, key, row.Kind, row.Cells));
            }
            return result;
        }
    }

    private static bool InRange(byte[] key, KeyRange? range, out bool pastEnd)
    {
        pastEnd = false;
        if (range is null)
            return true;
        if (!range.StartIsMin)
        {
            var c = key.AsSpan().SequenceCompareTo(range.Start.Span);
            if (c < 0 || (c == 0 && !range.StartInclusive))
                return false;
        }
        if (!range.EndIsMax)
        {
            var c = key.AsSpan().SequenceCompareTo(range.End.Span);
            if (c > 0 || (c == 0 && !range.EndInclusive))
            {
                pastEnd = true;
                return false;
            }
        }
        return true;
    }
}
