using System.Buffers.Binary;

namespace OceanClassic.UpdateServer.MemTable;

// Ordered index of MemTable rows by (table id, memcomparable rowkey). One writer inserts
// (callers serialize writes); readers traverse without locks. A node is fully built before the
// writer links it in, bottom level first, with release stores; readers use acquire loads, so a
// reader sees either the old or the new list at every level, never a torn node.
// Each node of level > 1 also marks, per upper level, the newest version written to any row of its
// span there (itself up to its next node at that level), so a delta dump walks only the stretches
// that changed (ChangedAfter) instead of every row.
// A search touches about log n nodes, each one a cache miss: a node holds its row's table id and the
// first 16 key bytes (big-endian, zero-padded), which order two keys whenever they differ there, so most
// steps read the node alone, not its row and key array; level 0's link is a field, not an array slot.
// The writer checks a row (FindForWrite) and then applies to it under one lock: the second search
// reuses the first one's path unless a row was linked in between.
public sealed class MemTableSkipList
{
    private const int MaxLevel = 24;

    private readonly Node _head = new(null, MaxLevel);
    private readonly Random _random = new(0x0CEA);
    // The writer's search path, reused: there is only one writer at a time.
    private readonly Node[] _prev = new Node[MaxLevel];
    // The key _prev was searched for (null: none, or a row was linked since) and the node found.
    private byte[]? _pathKey;
    private ulong _pathTable;
    private Node? _pathFound;
    // The tallest node's level: searches start there, not at MaxLevel.
    private int _height = 1;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public MemTableRow? Find(ulong tableId, ReadOnlySpan<byte> rowKey)
    {
        var probe = new Probe(tableId, rowKey);
        var node = FindGreaterOrEqual(probe, null);
        return node is not null && Compare(node, probe) == 0 ? node.Row : null;
    }

    // Writer only: Find, keeping the search path for a GetOrAdd of the same key.
    public MemTableRow? FindForWrite(ulong tableId, byte[] rowKey)
    {
        var found = SearchForWrite(tableId, rowKey, out var probe);
        return found is not null && Compare(found, probe) == 0 ? found.Row : null;
    }

    // Writer only. Returns the existing row or links a new one; `created` says which. `version`
    // is the newest version the caller is giving the row: every span holding it is marked with it.
    public MemTableRow GetOrAdd(ulong tableId, byte[] rowKey, ulong version, out bool created)
    {
        var prev = _prev;
        var found = SearchForWrite(tableId, rowKey, out var probe);
        if (found is not null && Compare(found, probe) == 0)
        {
            MarkSpans(found, prev, version);
            created = false;
            return found.Row!;
        }

        var level = RandomLevel();
        var row = new MemTableRow(tableId, rowKey);
        var node = new Node(row, level, probe);
        _pathKey = null; // the new node changes the path of every key near it
        if (level > _height)
            Volatile.Write(ref _height, level);
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
        var node = FindGreaterOrEqual(new Probe(tableId, start ?? []), null);
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

    // A reader's position at the first row >= (tableId, key) in (table id, key) order: the readers' lock-free
    // search (no search path kept), never the writer's, so it may run on any thread while the writer links.
    public Cursor Seek(ulong tableId, ReadOnlySpan<byte> key) => Cursor.At(this, tableId, key);

    // A position in the bottom level (Row null: past the last row). Advance follows the node's acquire-loaded
    // link: a node linked after it meanwhile is seen or not, never half-built. Nodes are never unlinked, so a
    // cursor may be kept and advanced later, on another thread.
    public struct Cursor
    {
        private Node? _node;

        private Cursor(Node? node) => _node = node;

        internal static Cursor At(MemTableSkipList list, ulong tableId, ReadOnlySpan<byte> key) =>
            new(list.FindGreaterOrEqual(new Probe(tableId, key), null));

        public readonly MemTableRow? Row => _node?.Row;

        public void Advance() => _node = _node?.Next(0);
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

    // Writer only: the first node >= the key, with _prev its search path (reused when the last
    // writer search was for the same key and no row was linked since).
    private Node? SearchForWrite(ulong tableId, byte[] rowKey, out Probe probe)
    {
        probe = new Probe(tableId, rowKey);
        if (_pathKey is { } key && _pathTable == tableId && (ReferenceEquals(key, rowKey) || key.AsSpan().SequenceEqual(rowKey)))
            return _pathFound;
        var found = FindGreaterOrEqual(probe, _prev);
        (_pathKey, _pathTable, _pathFound) = (rowKey, tableId, found);
        return found;
    }

    // Levels from the list's height down (above it only the head, whose links there are null); `prev`
    // gets the last node before the key on every level up to MaxLevel.
    private Node? FindGreaterOrEqual(in Probe probe, Node[]? prev)
    {
        var x = _head;
        var top = Volatile.Read(ref _height);
        if (prev is not null)
        {
            for (var i = MaxLevel - 1; i >= top; i--)
                prev[i] = _head;
        }
        for (var i = top - 1; i >= 0; i--)
        {
            var next = x.Next(i);
            while (next is not null && Compare(next, probe) < 0)
            {
                x = next;
                next = x.Next(i);
            }
            if (prev is not null)
                prev[i] = x;
        }
        return x.Next(0);
    }

    private static int Compare(Node node, in Probe probe)
    {
        if (node.TableId != probe.TableId)
            return node.TableId < probe.TableId ? -1 : 1;
        if (node.Prefix0 != probe.Prefix0)
            return node.Prefix0 < probe.Prefix0 ? -1 : 1;
        if (node.Prefix1 != probe.Prefix1)
            return node.Prefix1 < probe.Prefix1 ? -1 : 1;
        return node.Row!.RowKey.AsSpan().SequenceCompareTo(probe.Key);
    }

    private int RandomLevel()
    {
        var level = 1;
        while (level < MaxLevel && (_random.Next() & 3) == 0)
            level++;
        return level;
    }

    // A searched key: its table and its first 16 bytes as two big-endian numbers, zero-padded. Two keys
    // whose padded prefixes differ compare as the prefixes do (a key that ends inside them sorts before
    // every longer key it begins); equal prefixes leave the order to the whole keys.
    private readonly ref struct Probe
    {
        public Probe(ulong tableId, ReadOnlySpan<byte> key)
        {
            TableId = tableId;
            Key = key;
            (Prefix0, Prefix1) = Prefix(key);
        }

        public ulong TableId { get; }
        public ulong Prefix0 { get; }
        public ulong Prefix1 { get; }
        public ReadOnlySpan<byte> Key { get; }
    }

    private static (ulong, ulong) Prefix(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 16)
            return (BinaryPrimitives.ReadUInt64BigEndian(key), BinaryPrimitives.ReadUInt64BigEndian(key[8..]));
        Span<byte> padded = stackalloc byte[16];
        padded.Clear();
        key.CopyTo(padded);
        return (BinaryPrimitives.ReadUInt64BigEndian(padded), BinaryPrimitives.ReadUInt64BigEndian(padded[8..]));
    }

    private sealed class Node
    {
        private Node? _next0;
        // Levels 1 and up: the links, and an upper bound of the newest version in [this node, Next(level)).
        private readonly Node?[]? _upper;
        private readonly ulong[]? _spanMax;

        public Node(MemTableRow? row, int level, in Probe key = default)
        {
            Row = row;
            Level = level;
            TableId = key.TableId;
            Prefix0 = key.Prefix0;
            Prefix1 = key.Prefix1;
            if (level > 1)
            {
                _upper = new Node?[level - 1];
                _spanMax = new ulong[level - 1];
            }
        }

        public MemTableRow? Row { get; }
        public int Level { get; }
        public ulong TableId { get; }
        public ulong Prefix0 { get; }
        public ulong Prefix1 { get; }

        public ulong SpanMax(int level) => Volatile.Read(ref _spanMax![level - 1]);

        public void SetSpanMax(int level, ulong version) => Volatile.Write(ref _spanMax![level - 1], version);

        public Node? Next(int level) => level == 0 ? Volatile.Read(ref _next0) : Volatile.Read(ref _upper![level - 1]);

        public void SetNext(int level, Node? node)
        {
            if (level == 0)
                Volatile.Write(ref _next0, node);
            else
                Volatile.Write(ref _upper![level - 1], node);
        }
    }
}
