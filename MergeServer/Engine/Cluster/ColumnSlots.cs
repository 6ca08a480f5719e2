namespace OceanClassic.MergeServer.Engine.Cluster;

// Where a scan puts each cell it decodes: a column id's position among the scan's columns, found by one
// array lookup per cell instead of a search of the column list (a UPS row carries every column of the
// table, most of which a range select does not read). NotRead: the scan does not read the column;
// Repeated: it reads it at more than one position (the caller puts it at each).
internal readonly struct ColumnSlots
{
    public const int NotRead = -1;
    public const int Repeated = -2;

    // Column ids beyond this are looked up by searching (a table altered many times); below it, by index.
    private const int MaxIndexedId = 256;

    private readonly int[] _byId;
    private readonly IReadOnlyList<int> _columnIds;

    public ColumnSlots(IReadOnlyList<int> columnIds)
    {
        _columnIds = columnIds;
        var max = -1;
        for (var i = 0; i < columnIds.Count; i++)
            max = Math.Max(max, columnIds[i]);
        _byId = new int[Math.Min(max, MaxIndexedId) + 1];
        Array.Fill(_byId, NotRead);
        for (var i = 0; i < columnIds.Count; i++)
        {
            var id = columnIds[i];
            if (id >= 0 && id < _byId.Length)
                _byId[id] = _byId[id] == NotRead ? i : Repeated;
        }
    }

    public int Of(int columnId)
    {
        if (columnId >= 0 && columnId < _byId.Length)
            return _byId[columnId];
        if (columnId <= MaxIndexedId)
            return NotRead;
        var slot = NotRead;
        for (var i = 0; i < _columnIds.Count; i++)
        {
            if (_columnIds[i] == columnId)
                slot = slot == NotRead ? i : Repeated;
        }
        return slot;
    }
}
