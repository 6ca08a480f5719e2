using OceanClassic.Common.Protos;

namespace OceanClassic.UpdateServer.MemTable;

// The rows of one table inside a key range (present or not: the caller folds each), in key order, about one
// skip-list node a step, on the readers' path (MemTableSkipList.Seek and its cursor: no lock, never the
// writer's search, whose one kept path only the apply lock's holder may write). The walk may stop between two
// steps and go on later on another thread (an increment scan's walk budget, Engine/IncrementScan.cs): its
// cursor stays on a node, and nodes are never unlinked. A row linked meanwhile is met or not, as in any lazy
// walk of the list; its increments are newer than every version already committed, so a read at such a
// version folds it to nothing.
public struct MemTableRangeWalk
{
    private MemTableSkipList.Cursor _cursor;
    private readonly ulong _tableId;
    private readonly ReadOnlyMemory<byte> _end;
    private readonly bool _hasEnd;
    private readonly bool _endInclusive;
    // An exclusive start's key: skipped when the walk meets it (only its first row can be it).
    private readonly ReadOnlyMemory<byte> _excludedStart;
    private bool _hasExcludedStart;

    // range null: the whole table.
    internal MemTableRangeWalk(MemTableSkipList rows, ulong tableId, KeyRange? range)
    {
        _tableId = tableId;
        var start = range is null || range.StartIsMin ? ReadOnlyMemory<byte>.Empty : range.Start.Memory;
        _cursor = rows.Seek(tableId, start.Span);
        _hasExcludedStart = range is { StartIsMin: false, StartInclusive: false };
        _excludedStart = _hasExcludedStart ? start : default;
        _hasEnd = range is { EndIsMax: false };
        _end = _hasEnd ? range!.End.Memory : default;
        _endInclusive = range?.EndInclusive ?? true;
        Ended = false;
    }

    // True once Step has returned false.
    public bool Ended { get; private set; }

    // The next row inside the range; false when the range (or the table) is over.
    public bool Step(out MemTableRow row)
    {
        while (!Ended)
        {
            var current = _cursor.Row;
            _cursor.Advance();
            if (current is null || current.TableId != _tableId)
                break;
            if (_hasEnd)
            {
                var c = current.RowKey.AsSpan().SequenceCompareTo(_end.Span);
                if (c > 0 || (c == 0 && !_endInclusive))
                    break;
            }
            if (_hasExcludedStart)
            {
                _hasExcludedStart = false;
                if (current.RowKey.AsSpan().SequenceEqual(_excludedStart.Span))
                    continue;
            }
            row = current;
            return true;
        }
        Ended = true;
        row = null!;
        return false;
    }
}
