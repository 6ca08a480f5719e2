using Google.Protobuf;
using OceanClassic.Common.Buffers;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Engine;

// One increment scan outside a transaction, walked straight into its rows block (IncrementRowsBlock's format):
// the request's ranges in turn (range, then each of more_ranges), each row folded at the read version (above
// min_version) and, when something is visible, written at once from its stored cells (only those of the
// request's column_ids when it names some: IncrementColumnFilter): one pass into one pooled buffer, nothing kept per row. The walk is counted in rows visited (skip-list nodes), visible or not: a range
// whose increments a merge released still walks its rows (the row index stays) and answers none. Run stops
// after a budget of them, or of bytes written, and the next Run goes on from the same node, on any thread
// (UpdateEngine.Scan.cs answers a scan that fits its budget on the connection's read loop and continues a
// longer one on the thread pool). max_rows ends the scan at the first visible row past it (has_more).
public sealed class IncrementScan : IDisposable
{
    private readonly MemTable.MemTable _memTable;
    private readonly ScanIncrementRequest _request;
    private readonly ulong _readVersion;
    private readonly IncrementColumnFilter? _columns;
    private readonly PooledBufferWriter _body = new();
    private MemTableRangeWalk _walk;
    // Ranges opened so far: 1 = request.range, 1 + i = more_ranges[i - 1] too.
    private int _opened;
    private bool _walking;
    private long _rows;

    public IncrementScan(MemTable.MemTable memTable, ScanIncrementRequest request, ulong readVersion)
    {
        _memTable = memTable;
        _request = request;
        _readVersion = readVersion;
        _columns = IncrementColumnFilter.Of(request.ColumnIds);
    }

    public bool HasMore { get; private set; }

    public bool Complete { get; private set; }

    // Walks on for at most `rowBudget` rows, and not past `byteBudget` bytes written; true once the scan is complete.
    public bool Run(int rowBudget, int byteBudget)
    {
        var maxRows = _request.MaxRows;
        while (!Complete)
        {
            if (!_walking)
            {
                if (_opened > _request.MoreRanges.Count)
                {
                    Complete = true;
                    break;
                }
                _walk = _memTable.Walk(_request.TableId, _opened == 0 ? _request.Range : _request.MoreRanges[_opened - 1]);
                _opened++;
                _walking = true;
            }
            if (rowBudget-- <= 0 || _body.WrittenCount >= byteBudget)
                return false;
            if (!_walk.Step(out var row))
            {
                _walking = false;
                continue;
            }
            if (row.Fold(_readVersion, _request.MinVersion) is not { } net)
                continue;
            if (maxRows > 0 && _rows >= maxRows)
            {
                HasMore = true;
                Complete = true;
                break;
            }
            IncrementRowsBlock.WriteRow(_body, row.RowKey, net, _columns);
            _rows++;
        }
        return true;
    }

    // The rows block: the row count, then the rows as written (one array of the block's size).
    public ByteString TakeBlock()
    {
        Span<byte> count = stackalloc byte[10];
        var countLength = CellCodec.WriteVarUInt(count, (ulong)_rows);
        var block = GC.AllocateUninitializedArray<byte>(countLength + _body.WrittenCount);
        count[..countLength].CopyTo(block);
        _body.WrittenSpan.CopyTo(block.AsSpan(countLength));
        return UnsafeByteOperations.UnsafeWrap(block);
    }

    public void Dispose() => _body.Dispose();
}
