using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// A scan's rows straight from the baseline's stored bytes to the response page: when a part has no
// increment to fuse (under an increment lease, or the UpdateServer sent none) and no column cast, each
// row's cells are already what the page holds (both are CellCodec cells), so the projected cells are
// copied in column_ids order (a column the row has no cell for gets the projection's absent value,
// encoded once) without building a value, a string or a row object. A pushed-down filter is evaluated
// over a reused row in which only the positions it reads are decoded (a key range's own `id BETWEEN ..`
// decodes the id, not the strings beside it), by IntComparisonFilter when it is integer comparisons.
// Paging is TabletScanService's: the scan stops at the request's limit of kept rows, and at a full page
// or MaxRowsExaminedPerPage with more to read; LastKey is the key of the last row examined.
internal sealed class RowBytesCopier : IRowBytesVisitor
{
    private readonly ColumnPositions _positions;
    private readonly byte[][] _absent;
    private readonly ScanPageWriter _page;
    private readonly long _limit;
    private readonly int _maxExamined;
    private readonly (int Start, int Length)[] _cells;
    private readonly BoundExpr? _filter;
    private readonly IntComparisonFilter? _intFilter;
    private readonly EvalContext _context;
    private readonly bool[] _filterReads;
    private readonly ObObj[] _row;
    private readonly IReadOnlyList<ObObj> _absentValues;
    private byte[] _lastKey = [];
    private int _lastKeyLength = -1;

    // intFilter: the filter's integer comparisons (IntComparisonFilter), when it is only those.
    public RowBytesCopier(ColumnProjection projection, ScanPageWriter page, long limit, int maxExamined, BoundExpr? filter, EvalContext context,
        IntComparisonFilter? intFilter = null)
    {
        _filter = filter;
        _intFilter = intFilter;
        _context = context;
        _absentValues = projection.Absent;
        _row = filter is null ? [] : new ObObj[projection.Width];
        _filterReads = new bool[filter is null ? 0 : projection.Width];
        var read = new HashSet<int>();
        // A deserialized filter holds only Common.Expr's nodes, whose columns BoundExprTree finds.
        if (filter is not null)
            BoundExprTree.Columns(filter, read);
        if (read.All(p => p >= 0 && p < _filterReads.Length))
        {
            foreach (var p in read)
                _filterReads[p] = true;
        }
        else
        {
            Array.Fill(_filterReads, true);
        }
        _positions = projection.Positions;
        _page = page;
        _limit = limit;
        _maxExamined = maxExamined;
        _cells = new (int, int)[projection.Width];
        _absent = new byte[projection.Width][];
        for (var i = 0; i < _absent.Length; i++)
            _absent[i] = projection.Absent[i].IsNull ? NullCell : Encoded(projection.Absent[i]);
    }

    private static readonly byte[] NullCell = Encoded(ObObj.Null);

    private static byte[] Encoded(ObObj value)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>(16);
        CellCodec.Write(writer, value);
        return writer.WrittenSpan.ToArray();
    }

    // Rows examined so far over every part (set before a part when other parts came first).
    public int Examined { get; set; }

    // The scan is over for this request: the limit was reached, or the page is full (HasMore then).
    public bool Done { get; private set; }

    public bool HasMore { get; private set; }

    // The key of the last row examined since the last TakeLastKey (null: none).
    public byte[]? TakeLastKey()
    {
        if (_lastKeyLength < 0)
            return null;
        var key = _lastKey.AsSpan(0, _lastKeyLength).ToArray();
        _lastKeyLength = -1;
        return key;
    }

    public bool Visit(ReadOnlySpan<byte> row)
    {
        SSTableRowCodec.ReadEncoded(row, out var key, out var cellCount, out var cells);
        if (key.Length > _lastKey.Length)
            _lastKey = new byte[Math.Max(key.Length, Math.Min(2 * _lastKey.Length, 1024))];
        key.CopyTo(_lastKey);
        _lastKeyLength = key.Length;
        Examined++;
        Array.Clear(_cells);
        var pos = 0;
        for (var i = 0; i < cellCount; i++)
        {
            var columnId = checked((int)(uint)CellCodec.ReadVarUInt(cells, ref pos));
            var start = pos;
            CellCodec.Skip(cells, ref pos);
            for (var p = _positions.First(columnId); p >= 0; p = _positions.Next(p))
                _cells[p] = (start, pos - start);
        }
        if (_filter is null || Passes(cells))
        {
            for (var p = 0; p < _cells.Length; p++)
            {
                var (start, length) = _cells[p];
                _page.WriteCell(length == 0 ? _absent[p] : cells.Slice(start, length));
            }
            _page.EndRow();
            if (_limit > 0 && _page.RowCount >= _limit)
            {
                Done = true;
                return false;
            }
        }
        if (_page.IsFull || Examined >= _maxExamined)
        {
            Done = true;
            HasMore = true;
            return false;
        }
        return true;
    }

    // The filter over the positions it reads, decoded into the reused row.
    private bool Passes(ReadOnlySpan<byte> cells)
    {
        for (var p = 0; p < _row.Length; p++)
        {
            if (!_filterReads[p])
                continue;
            var (start, length) = _cells[p];
            _row[p] = length == 0 ? _absentValues[p] : CellCodec.Read(cells, ref start);
        }
        return _intFilter?.Passes(_row) ?? TabletScanService.Passes(_filter!, _row, _context);
    }
}
