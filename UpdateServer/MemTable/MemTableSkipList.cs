namespace OceanClassic.UpdateServer.MemTable;

// Ordered index of MemTable rows by (table id, memcomparable rowkey). One writer inserts
// (callers serialize writes); readers traverse without locks. A node is fully built before the
// writer links it in, bottom level first, with release stores; readers use acquire loads, so a
// reader sees either the old or the new list at every level, never a torn node.
// Each node of level > 1 also marks, per upper level, the newest version written to any row of its
// span there (itself up to its next node at that level), so a delta dump walks only the stretches
// that changed (ChangedAfter) instead of every row.
public sealed class MemTableSkipList
{
    private const int MaxLevel = 24;

    private readonly Node _head = new(null, MaxLevel);
    private readonly Random _random = new(0x0CEA);
    // The writer's search path, reused: there is only one writer at a time.
    private readonly Node[] _prev = new Node[MaxLevel];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public MemTableRow? Find(ulong tableId, ReadOnlySpan<byte> rowKey)
    {
        var node = FindGreaterOrEqual(tableId, rowKey, null);
        return node?.Row is { } row && Compare(row, tableId, rowKey) == 0 ? row : null;
    }

    // Writer only. Returns the existing row or links a new one; `created` says which. `version`
    // is the newest version the caller is giving the row: every span holding it is marked with it.
    public MemTableRow GetOrAdd(ulong tableId, byte[] rowKey, ulong version, out bool created)
    {
        var prev = _prev;
        var found = FindGreaterOrEqual(tableId, rowKey, prev);
        if (found?.Row is { } existing && Compare(existing, tableId, rowKey) == 0)
        {
            MarkSpans(found, prev, version);
            created = false;
            return existing;
        }

        var level = RandomLevel();
        var row = new MemTableRow(tableId, rowKey);
        var node = new Node(row, level);
        // The new node's spans are cut out of its predecessors' spans, so their marks bound them.
        for (var i = 1; i < level; i++)
            node.SetSpanMax(i, Math.Max(prev[i].SpanMax(i), version));
        for (var i = 0; i < level; i++)
            node.SetNext(i, prev[i].Next(i));
        for (var i = 0; i < level; i++)
            prev[i].SetNext(i, node);
        MarkSpans(node, prev, version);
        Interlocked.Increment(ref _count);
        created = true;
        return row;
    }

    // Rows whose newest increment is newer than `version`, in key order. A span whose mark is not
    // newer is stepped over whole, from the highest level that allows it, so the walk costs about
    // the changed rows times log n rather than every row. Safe while the writer goes on: marks only
    // grow, and a node linked meanwhile cuts its span out of one that was already marked.
    public IEnumerable<MemTableRow> ChangedAfter(ulong version)
    {
        var node = _head;
        while (node is not null)
        {
            var skip = 0;
            for (var i = node.Level - 1; i >= 1; i--)
            {
                if (node.SpanMax(i) <= version)
                {
                    skip = i;
                    break;
                }
            }
            if (skip > 0)
            {
                node = node.Next(skip);
                continue;
            }
            if (node.Row is { } row && row.LatestVersion > version)
                yield return row;
            node = node.Next(0);
        }
    }

    // Rows of one table from the first key >= start (or > start when !inclusive; the table's first
    // row when start is null), in key order. Safe while the writer inserts.
    public IEnumerable<MemTableRow> ScanFrom(ulong tableId, byte[]? start, bool inclusive)
    {
        var node = FindGreaterOrEqual(tableId, start ?? [], null);
        for (; node is not null; node = node.Next(0))
        {
            var row = node.Row!;
            if (row.TableId != tableId)
                yield break;
            if (start is not null && !inclusive && row.RowKey.AsSpan().SequenceEqual(start))
                continue;
            yield return row;
        }
    }

    // Every row of every table in order. Safe while the writer inserts.
    public IEnumerable<MemTableRow> All()
    {
        for (var node = _head.Next(0); node is not null; node = node.Next(0))
            yield return node.Row!;
    }

    // The span holding `node`'s row at each upper level starts at the node itself where it is that
    // tall, else at the last node before it on that level (prev, from the search).
    private static void MarkSpans(Node node, Node[] prev, ulong version)
    {
        for (var i = 1; i < MaxLevel; i++)
        {
            var start = i < node.Level ? node : prev[i];
            if (start.SpanMax(i) < version)
                start.SetSpanMax(i, version);
        }
    }

    private Node? FindGreaterOrEqual(ulong tableId, ReadOnlySpan<byte> rowKey, Node[]? prev)
    {
        var x = _head;
        for (var i = MaxLevel - 1; i >= 0; i--)
        {
            var next = x.Next(i);
            while (next is not null && Compare(next.Row!, tableId, rowKey) < 0)
            {
                x = next;
                next = x.Next(i);
            }
            if (prev is not null)
                prev[i] = x;
        }
        return x.Next(0);
    }

    private static int Compare(MemTableRow row, ulong tableId, ReadOnlySpan<byte> rowKey)
    {
        var c = row.TableId.CompareTo(tableId);
        return c != 0 ? c : row.RowKey.AsSpan().SequenceCompareTo(rowKey);
    }

    private int RandomLevel()
    {
        var level = 1;
        while (level < MaxLevel && (_random.Next() & 3) == 0)
            level++;
        return level;
    }

    private sealed class Node
    {
        private readonly Node?[] _next;
        // Levels 1 and up: an upper bound of the newest version in [this node, Next(level)).
        private readonly ulong[]? _spanMax;

        public Node(MemTableRow? row, int level)
        {
            Row = row;
            _next = new Node?[level];
            if (level > 1)
                _spanMax = new ulong[level - 1];
        }

        public MemTableRow? Row { get; }

        public int Level => _next.Length;

        public ulong SpanMax(int level) => Volatile.Read(ref _spanMax![level - 1]);

        public void SetSpanMax(int level, ulong version) => Volatile.Write(ref _spanMax![level - 1], version);

        public Node? Next(int level) => Volatile.Read(ref _next[level]);

        public void SetNext(int level, Node? node) => Volatile.Write(ref _next[level], node);
    }
}
