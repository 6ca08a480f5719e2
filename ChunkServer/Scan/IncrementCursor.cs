using System.Runtime.CompilerServices;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// Pages through the UpdateServer's increments of one range. The first page fixes the read
// version (0 asks for the latest); later pages ask for exactly that version, after the last key.
// A non-zero transaction id rides on every page, so the UPS folds that transaction's own writes in, and so
// does the column list (a tablet scan's column_ids: the UPS sends only those cells; none = every cell).
// A complete cursor holds rows a batched request (IncrementBatch) already read for its range.
public sealed class IncrementCursor
{
    private readonly IIncrementSource _source;
    private readonly ulong _tableId;
    private readonly KeyRange _range;
    private readonly int _pageRows;
    private readonly ulong _txId;
    private readonly ulong _minVersion;
    private readonly IReadOnlyList<int> _columnIds;
    private readonly List<IncrementRow> _firstRows;
    private readonly bool _firstHasMore;

    private IncrementCursor(IIncrementSource source, ulong tableId, KeyRange range, int pageRows, ulong txId, ulong minVersion,
        IReadOnlyList<int> columnIds, ulong readVersion, List<IncrementRow> firstRows, bool firstHasMore)
    {
        _columnIds = columnIds;
        _txId = txId;
        _minVersion = minVersion;
        _source = source;
        _tableId = tableId;
        _range = range;
        _pageRows = pageRows;
        ReadVersion = readVersion;
        _firstRows = firstRows;
        _firstHasMore = firstHasMore;
    }

    public ulong ReadVersion { get; }

    // No increment at all in the range: the baseline alone is the answer.
    public bool IsEmpty => _firstRows.Count == 0 && !_firstHasMore;

    // minVersion: the tablet's baseline version; only newer increments are asked for. columnIds: the only
    // cells wanted (ScanIncrementRequest.column_ids: a scan's projection); null or empty = every cell.
    public static async Task<IncrementCursor> OpenAsync(
        IIncrementSource source, ulong tableId, KeyRange range, ulong readVersion, int pageRows, CancellationToken ct, ulong txId = 0, ulong minVersion = 0,
        IReadOnlyList<int>? columnIds = null)
    {
        columnIds ??= [];
        var first = await source.ScanAsync(Request(tableId, range, readVersion, pageRows, txId, minVersion, columnIds), ct).ConfigureAwait(false);
        return new IncrementCursor(source, tableId, range, pageRows, txId, minVersion, columnIds, first.ReadVersion, Decode(first), first.HasMore);
    }

    // A cursor over rows already read (a batched request's share for this range, all of it).
    public static IncrementCursor Complete(ulong readVersion, List<IncrementRow> rows) =>
        new(NoSource.Instance, 0, new KeyRange(), 0, 0, 0, [], readVersion, rows, false);

    public async IAsyncEnumerable<IncrementRow> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var rows = _firstRows;
        var hasMore = _firstHasMore;
        byte[]? lastKey = null;
        while (true)
        {
            foreach (var row in rows)
            {
                if (lastKey is not null && row.RowKey.AsSpan().SequenceCompareTo(lastKey) <= 0)
                    throw new RpcException(RpcErrorCodes.Internal, "UpdateServer returned increments out of rowkey order");
                lastKey = row.RowKey;
                yield return row;
            }
            if (!hasMore)
                yield break;
            if (rows.Count == 0 || lastKey is null)
                throw new RpcException(RpcErrorCodes.Internal, "UpdateServer said has_more with an empty page");
            var next = Request(_tableId, KeyRanges.After(_range, lastKey), ReadVersion, _pageRows, _txId, _minVersion, _columnIds);
            var page = await _source.ScanAsync(next, ct).ConfigureAwait(false);
            (rows, hasMore) = (Decode(page), page.HasMore);
        }
    }

    public static List<IncrementRow> Decode(ScanIncrementResponse page)
    {
        try
        {
            return IncrementRowCodec.Read(page.Rows.Span);
        }
        catch (FormatException e)
        {
            throw new RpcException(RpcErrorCodes.Internal, "UpdateServer sent corrupt increment rows: " + e.Message, e);
        }
    }

    private static ScanIncrementRequest Request(ulong tableId, KeyRange range, ulong readVersion, int pageRows, ulong txId, ulong minVersion,
        IReadOnlyList<int> columnIds)
    {
        var request = new ScanIncrementRequest
        {
            MinVersion = minVersion,
            TxId = txId,
            TableId = tableId,
            Range = range,
            ReadVersion = readVersion,
            MaxRows = pageRows,
        };
        request.ColumnIds.AddRange(columnIds);
        return request;
    }

    // The source of a complete cursor, which never asks for another page.
    private sealed class NoSource : IIncrementSource
    {
        public static readonly NoSource Instance = new();

        public Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct) =>
            throw new InvalidOperationException("a complete increment cursor has no further page");
    }
}
