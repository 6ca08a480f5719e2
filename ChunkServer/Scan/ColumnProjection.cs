using System.Collections.Frozen;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// Maps column ids to positions in a scan's output row (column_ids order; an id may repeat).
public sealed class ColumnProjection
{
    private readonly FrozenDictionary<int, int[]> _positions;

    public ColumnProjection(IReadOnlyList<int> columnIds)
    {
        ColumnIds = columnIds;
        _positions = columnIds
            .Select((id, pos) => (id, pos))
            .GroupBy(p => p.id)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.pos).ToArray());
    }

    public IReadOnlyList<int> ColumnIds { get; }

    public int Width => ColumnIds.Count;

    public ObObj[] NullRow()
    {
        var row = new ObObj[Width];
        Array.Fill(row, ObObj.Null);
        return row;
    }

    // Writes the cells the projection asks for into row; unwritten markers leave the old value.
    public void Apply(IReadOnlyList<IncrementCell> cells, ObObj[] row)
    {
        foreach (var cell in cells)
        {
            if (cell.Value.IsMarker || !_positions.TryGetValue(cell.ColumnId, out var positions))
                continue;
            foreach (var p in positions)
                row[p] = cell.Value;
        }
    }
}
