namespace OceanClassic.ChunkServer.TabletStore;

// Which positions of a scan's output row each column id fills (column_ids order; an id may repeat):
// First(id) is its first position or -1, Next(p) the next position with the same id or -1. Built per scan
// request, so it is two small arrays (a dictionary only for column ids past DenseLimit) rather than a
// frozen dictionary of arrays.
public sealed class ColumnPositions
{
    private const int DenseLimit = 1024;
    private readonly int[]? _dense;
    private readonly Dictionary<int, int>? _sparse;
    private readonly int[] _next;

    public ColumnPositions(IReadOnlyList<int> columnIds)
    {
        Width = columnIds.Count;
        _next = new int[columnIds.Count];
        var max = -1;
        var negative = false;
        for (var i = 0; i < columnIds.Count; i++)
        {
            max = Math.Max(max, columnIds[i]);
            negative |= columnIds[i] < 0;
        }
        if (!negative && max < DenseLimit)
            _dense = new int[max + 1];
        else
            _sparse = [];
        _dense?.AsSpan().Fill(-1);
        // Backwards, so each id's chain runs in position order.
        for (var i = columnIds.Count - 1; i >= 0; i--)
        {
            var id = columnIds[i];
            _next[i] = First(id);
            if (_dense is not null)
                _dense[id] = i;
            else
                _sparse![id] = i;
        }
    }

    public int Width { get; }

    public int First(int columnId) =>
        _dense is not null
            ? (uint)columnId < (uint)_dense.Length ? _dense[columnId] : -1
            : _sparse!.TryGetValue(columnId, out var p) ? p : -1;

    public int Next(int position) => _next[position];
}
