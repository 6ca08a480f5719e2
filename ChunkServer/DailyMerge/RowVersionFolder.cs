using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.DailyMerge;

// What the merge keeps: full rows of a new baseline (deleted rows vanish), or increments folded
// together (a newer UPS dump over older ones), which keep their kind.
public enum SSTableMergeMode
{
    Baseline,
    Increment,
}

// Folds the versions of one rowkey, oldest first, into one row. Full and Replace make the row
// exactly their cells; Update writes its cells over what came before (over nothing or a
// delete it starts a row of just those cells); Deleted removes the row. NotWritten cells are no
// change. Output cells are ordered by column id, so equal rows encode (and checksum) equally.
public sealed class RowVersionFolder
{
    private readonly SortedList<int, ObObj> _cells = [];
    private SSTableRowKind? _kind; // null: no version seen yet

    public void Reset()
    {
        _cells.Clear();
        _kind = null;
    }

    public void Apply(SSTableRow version)
    {
        switch (version.Kind)
        {
            case SSTableRowKind.Full:
            case SSTableRowKind.Replace:
                _cells.Clear();
                Overlay(version.Cells);
                _kind = version.Kind == SSTableRowKind.Full || _kind == SSTableRowKind.Full
                    ? SSTableRowKind.Full
                    : SSTableRowKind.Replace;
                break;
            case SSTableRowKind.Update:
                Overlay(version.Cells);
                _kind = _kind switch
                {
                    null => SSTableRowKind.Update,
                    SSTableRowKind.Deleted => SSTableRowKind.Replace,
                    var k => k,
                };
                break;
            case SSTableRowKind.Deleted:
                _cells.Clear();
                _kind = SSTableRowKind.Deleted;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(version), version.Kind, "unknown row kind");
        }
    }

    // The folded row, or null when the merge drops it (a deleted row in a baseline).
    public SSTableRow? Result(byte[] key, SSTableMergeMode mode)
    {
        if (_kind is null)
            return null;
        if (mode == SSTableMergeMode.Baseline)
            return _kind == SSTableRowKind.Deleted ? null : new SSTableRow(key, SSTableRowKind.Full, Cells());
        return _kind == SSTableRowKind.Deleted ? SSTableRow.Deleted(key) : new SSTableRow(key, _kind.Value, Cells());
    }

    private void Overlay(SSTableCell[] cells)
    {
        foreach (var cell in cells)
        {
            if (cell.Value.Type != ObType.NotWritten)
                _cells[cell.ColumnId] = cell.Value;
        }
    }

    private SSTableCell[] Cells()
    {
        if (_cells.Count == 0)
            return [];
        var result = new SSTableCell[_cells.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = new SSTableCell(_cells.Keys[i], _cells.Values[i]);
        return result;
    }
}
