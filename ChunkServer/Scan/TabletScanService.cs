using Google.Protobuf;
using OceanClassic.ChunkServer.Tablets;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.ChunkServer.Scan;

// CsScanTablet: rows of one tablet range as of a read version — baseline fused with the
// UpdateServer's increments, projected to column_ids, filtered, limited and paged by size.
public sealed class TabletScanService(TabletMap tablets, IIncrementSource increments)
{
    public const int DefaultMaxBytes = 1 << 20;
    public const int MaxPageBytes = 16 << 20;
    // Rows read from the UPS per page, and rows examined per response (so a filter that rejects
    // almost everything still answers in bounded time; the MergeServer continues after last_key).
    public const int IncrementPageRows = 2048;
    public const int MaxRowsExaminedPerPage = 100_000;

    public void Register(RpcHandlerRegistry registry) =>
        registry.Register<TabletScanRequest, TabletScanResponse>(
            PacketCodes.CsScanTablet, TabletScanRequest.Parser, (req, ctx) => new ValueTask<TabletScanResponse>(ScanAsync(req, ctx.CancellationToken)));

    public async Task<TabletScanResponse> ScanAsync(TabletScanRequest request, CancellationToken ct)
    {
        if (request.Reverse)
            throw new RpcException(CsErrorCodes.NotSupportedYet, "This version of OceanClassic doesn't yet support 'reverse tablet scan'");
        var range = request.Range ?? KeyRanges.All;
        var tablet = tablets.GetCovering(request.TableId, range);
        var filter = ReadFilter(request.Filter);
        var columnIds = request.ColumnIds;
        var projection = new ColumnProjection(columnIds);
        var maxBytes = request.MaxBytes <= 0 ? DefaultMaxBytes : Math.Min(request.MaxBytes, MaxPageBytes);

        var cursor = await IncrementCursor.OpenAsync(increments, request.TableId, range, request.ReadVersion, IncrementPageRows, ct, request.TxId).ConfigureAwait(false);
        var fused = RowFusion.FuseAsync(tablet.Baseline.ScanAsync(range, columnIds, ct), cursor.ReadAllAsync(ct), projection, ct);

        var page = new ScanPageWriter(maxBytes);
        var ctx = EvalContext.AtNow();
        byte[]? lastKey = null;
        var examined = 0;
        var hasMore = false;
        await foreach (var row in fused.WithCancellation(ct).ConfigureAwait(false))
        {
            lastKey = row.RowKey;
            examined++;
            if (filter is null || Passes(filter, row, ctx))
            {
                page.Add(row.Cells);
                if (request.Limit > 0 && page.RowCount >= request.Limit)
                    break;
            }
            if (page.IsFull || examined >= MaxRowsExaminedPerPage)
            {
                hasMore = true;
                break;
            }
        }
        return new TabletScanResponse
        {
            ReadVersion = cursor.ReadVersion,
            Rows = ByteString.CopyFrom(page.ToArray()),
            RowCount = page.RowCount,
            HasMore = hasMore,
            LastKey = lastKey is null ? ByteString.Empty : ByteString.CopyFrom(lastKey),
        };
    }

    private static bool Passes(BoundExpr filter, TabletRow row, EvalContext ctx)
    {
        try
        {
            return ExprEvaluator.IsTrue(filter, row.Cells, ctx);
        }
        catch (ExprException e)
        {
            throw new RpcException(e.Code == 0 ? CsErrorCodes.UnknownError : e.Code, e.Message, e);
        }
    }

    private static BoundExpr? ReadFilter(ByteString bytes)
    {
        if (bytes.IsEmpty)
            return null;
        try
        {
            return ExprSerializer.Read(bytes.Span);
        }
        catch (FormatException e)
        {
            throw new RpcException(CsErrorCodes.UnknownError, "bad pushed-down filter: " + e.Message, e);
        }
    }
}
