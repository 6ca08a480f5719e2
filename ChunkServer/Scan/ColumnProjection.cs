using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// Maps column ids to positions in a scan's output row (column_ids order; an id may repeat), and
// carries what online ALTER TABLE needs from a schema-less ChunkServer: the value a row with no cell
// for a column reads as (Absent: NULL, or the default of a column added after the row was written),
// and the type a retyped column's cells are cast to (older cells keep the type they were written in).
public sealed class ColumnProjection
{
    private readonly ColumnPositions _positions;
    private readonly ObObj[] _absent;
    private readonly (int Position, ObType Type, int Scale)[] _casts;

    public ColumnProjection(IReadOnlyList<int> columnIds, IReadOnlyList<ObObj>? absent = null, IReadOnlyList<(int Position, ObType Type, int Scale)>? casts = null)
    {
        ColumnIds = columnIds;
        _positions = new ColumnPositions(columnIds);
        _absent = new ObObj[columnIds.Count];
        Array.Fill(_absent, ObObj.Null);
        if (absent is not null)
        {
            for (var i = 0; i < _absent.Length && i < absent.Count; i++)
                _absent[i] = absent[i];
        }
        _casts = casts is null ? [] : [.. casts];
    }

    public IReadOnlyList<int> ColumnIds { get; }

    public int Width => ColumnIds.Count;

    public ColumnPositions Positions => _positions;

    // What each position reads as when the row holds no cell for its column.
    public IReadOnlyList<ObObj> Absent => _absent;

    public ObObj[] AbsentRow() => (ObObj[])_absent.Clone();

    // Writes the cells the projection asks for into row; unwritten markers leave the old value.
    public void Apply(IReadOnlyList<IncrementCell> cells, ObObj[] row)
    {
        foreach (var cell in cells)
        {
            if (cell.Value.IsMarker)
                continue;
            for (var p = _positions.First(cell.ColumnId); p >= 0; p = _positions.Next(p))
                row[p] = cell.Value;
        }
    }

    // Casts the cells of retyped columns to their current type (a no-op for cells already in it).
    public void Cast(ObObj[] row)
    {
        foreach (var (position, type, scale) in _casts)
        {
            if (position < row.Length && !row[position].IsNull)
                row[position] = ExprCast.Convert(row[position], type, scale);
        }
    }

    public bool HasCasts => _casts.Length > 0;
}
