using Google.Protobuf;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// CsScanTablet: rows of one tablet range (or several, for batched key lookups) as of a read version —
// baseline fused with the UpdateServer's increments, projected to column_ids, filtered, limited and
// paged by size. The increments of several ranges come from the UpdateServer in one request
// (IncrementBatch), and every increment request names column_ids (the UpdateServer sends only those cells). A baseline that fails its checks (SSTableCorruptException) is quarantined
// (CorruptReplicas) and the read answered with 6003, which sends the MergeServer to another replica.
// Under an increment lease (IncrementLeaseCache) on the table whose max version no part's baseline is
// older than, a read outside a transaction is the baselines alone: no UpdateServer call. It answers at
// the fixed read version if the request has one; otherwise only when the MergeServer says the statement
// reads no other table (lease_may_fix), at a version from which the table reads the same as now (the
// newest of the lease's committed version and the parts' baseline versions). A part with no increment to
// fuse, under a request with no cast, is copied from the baseline's stored cells as they are
// (RowBytesCopier): no row is built, and a filter reads only the cells it needs. A filter of integer
// comparisons (the key's own range, which the MergeServer pushes too) is tested without the evaluator
// (IntComparisonFilter). baseline_only: one tablet's baseline as it is, no increments and no UpdateServer
// call (an evaluated UPDATE or DELETE: the MergeServer sends the row to the UpdateServer, which folds its
// increments newer than baseline_version over it).
public sealed class TabletScanService(TabletMap tablets, IIncrementSource increments, CorruptReplicas? corrupt = null,
    IncrementLeaseCache? leases = null)
{
    public const int DefaultMaxBytes = 1 << 20;
    public const int MaxPageBytes = 16 << 20;
    // Rows read from the UPS per page, and rows examined per response (so a filter that rejects
    // almost everything still answers in bounded time; the MergeServer continues after last_key).
    public const int IncrementPageRows = 2048;
    public const int MaxRowsExaminedPerPage = 100_000;

    public async Task<TabletScanResponse> ScanAsync(TabletScanRequest request, CancellationToken ct)
    {
        if (request.Reverse)
            throw new RpcException(WireErrorCodes.NotSupported, "This version of OceanClassic doesn't yet support 'reverse tablet scan'");
        var range = request.Range ?? KeyRanges.All;
        var parts = tablets.Resolve(request.TableId, range, request.ReadVersion);
        if (request.MoreRanges.Count > 0)
            parts = [.. parts, .. request.MoreRanges.SelectMany(r => tablets.Resolve(request.TableId, r, request.ReadVersion))];
        var filter = ReadFilter(request.Filter);
        var intFilter = filter is null ? null : IntComparisonFilter.TryCompile(filter, request.ColumnIds.Count);
        var columnIds = request.ColumnIds;
        var projection = Projection(request);
        var maxBytes = request.MaxBytes <= 0 ? DefaultMaxBytes : Math.Min(request.MaxBytes, MaxPageBytes);

        using var page = new ScanPageWriter(maxBytes);
        var ctx = ReadContext(request.Filter);
        byte[]? lastKey = null;
        var examined = 0;
        var hasMore = false;
        var done = false;
        RowBytesCopier? copier = null;
        var readVersion = request.ReadVersion;
        if (request.BaselineOnly && (request.TxId != 0 || parts.Count != 1 || request.MoreRanges.Count > 0))
            throw new RpcException(RpcErrorCodes.ProtocolError, "a baseline-only read is of one tablet, outside a transaction");
        var leased = request.BaselineOnly ? 0 : LeasedReadVersion(request, parts);
        if (leased != 0)
            readVersion = leased;
        // Several parts (batched lookups): their increments in one UpdateServer request (IncrementBatch).
        var batched = leased == 0 && parts.Count > 1 ? await OpenBatchAsync(request, parts, ct).ConfigureAwait(false) : null;
        if (batched is not null)
            readVersion = batched.ReadVersion;
        for (var i = 0; i < parts.Count; i++)
        {
            var (tablet, part) = parts[i];
            // Baseline of the tablet's version + the increments newer than it, up to the read version
            // (the first part fixes it when the request said "latest").
            var cursor = leased != 0 ? IncrementCursor.Complete(leased, [])
                : request.BaselineOnly ? IncrementCursor.Complete(tablet.Version, [])
                : batched?.Cursors[i] ?? await OpenIncrementsAsync(request, part, readVersion, tablet.Version, ct).ConfigureAwait(false);
            readVersion = cursor.ReadVersion;
            if (!projection.HasCasts && cursor.IsEmpty && tablet.Baseline is IRowBytesBaseline stored)
            {
                // Nothing to fuse or cast: the stored cells are copied as they are (RowBytesCopier).
                copier ??= new RowBytesCopier(projection, page, request.Limit, MaxRowsExaminedPerPage, filter, ctx, intFilter);
                copier.Examined = examined;
                try
                {
                    await stored.VisitAsync(part, copier, ct).ConfigureAwait(false);
                }
                catch (SSTableCorruptException e)
                {
                    throw Corrupt(request, tablet, e);
                }
                examined = copier.Examined;
                lastKey = copier.TakeLastKey() ?? lastKey;
                if (copier.Done)
                {
                    hasMore = copier.HasMore;
                    break;
                }
                continue;
            }
            var fused = RowFusion.FuseAsync(tablet.Baseline.ScanAsync(part, columnIds, ct, projection.Absent), cursor.ReadAllAsync(ct), projection, ct);
            try
            {
                await foreach (var row in fused.WithCancellation(ct).ConfigureAwait(false))
                {
                    lastKey = row.RowKey;
                    examined++;
                    projection.Cast(row.Cells);
                    if (filter is null || (intFilter?.Passes(row.Cells) ?? Passes(filter, row.Cells, ctx)))
                    {
                        page.Add(row.Cells);
                        if (request.Limit > 0 && page.RowCount >= request.Limit)
                        {
                            done = true;
                            break;
                        }
                    }
                    if (page.IsFull || examined >= MaxRowsExaminedPerPage)
                    {
                        hasMore = true;
                        done = true;
                        break;
                    }
                }
            }
            catch (SSTableCorruptException e)
            {
                throw Corrupt(request, tablet, e);
            }
            if (done)
                break;
        }
        return new TabletScanResponse
        {
            ReadVersion = readVersion,
            Rows = page.ToByteString(),
            RowCount = page.RowCount,
            HasMore = hasMore,
            LastKey = lastKey is null ? ByteString.Empty : ByteString.CopyFrom(lastKey),
            LeaseServed = leased != 0,
            BaselineVersion = request.BaselineOnly ? parts[0].Tablet.Version : 0,
        };
    }

    // A baseline that failed its checks: quarantined, and the read refused with 6003.
    private RpcException Corrupt(TabletScanRequest request, Tablet tablet, SSTableCorruptException e)
    {
        corrupt?.Report(tablet, e);
        // e's message names the SSTable file: it stays in this server's log (CorruptReplicas logs it), and
        // the caller, perhaps a MySQL client, learns the table.
        var where = e.BlockIndex >= 0 ? $" (data block {e.BlockIndex} at offset {e.BlockOffset})" : "";
        return new RpcException(WireErrorCodes.TabletReplicaCorrupt,
            $"tablet replica of table {request.TableId}, version {tablet.Version}, is corrupt on this ChunkServer{where}", e);
    }

    // The read version a lease lets this read be answered at without the UpdateServer (0: it does not).
    private ulong LeasedReadVersion(TabletScanRequest request, List<(Tablet Tablet, KeyRange Part)> parts)
    {
        if (leases is null || request.TxId != 0 || (request.ReadVersion == 0 && !request.LeaseMayFix)
            || !leases.TryGet(request.TableId, out var lease))
        {
            return 0;
        }
        var newest = lease.CommittedVersion;
        foreach (var (tablet, _) in parts)
        {
            if (tablet.Version < lease.MaxVersion)
                return 0;
            newest = Math.Max(newest, tablet.Version);
        }
        leases.CountServed();
        return request.ReadVersion != 0 ? request.ReadVersion : newest;
    }

    // The UPS refuses min_version below what it has released (this replica's baseline is too old
    // to fuse): 6001 sends the MergeServer to another replica.
    private async Task<IncrementCursor> OpenIncrementsAsync(TabletScanRequest request, KeyRange part, ulong readVersion, ulong minVersion, CancellationToken ct)
    {
        try
        {
            return await IncrementCursor.OpenAsync(increments, request.TableId, part, readVersion, IncrementPageRows, ct, request.TxId, minVersion,
                    request.ColumnIds)
                .ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == WireErrorCodes.IncrementsReleased)
        {
            throw NotServed(e);
        }
    }

    private async Task<IncrementBatch.Opened?> OpenBatchAsync(TabletScanRequest request, List<(Tablet Tablet, KeyRange Part)> parts, CancellationToken ct)
    {
        try
        {
            return await IncrementBatch.OpenAsync(increments, request, parts, IncrementPageRows, ct).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == WireErrorCodes.IncrementsReleased)
        {
            throw NotServed(e);
        }
    }

    private static RpcException NotServed(RpcException e) =>
        new(WireErrorCodes.TabletNotServedHere, "tablet baseline is older than the UpdateServer's released increments: " + e.Message, e);

    // Column ids plus online ALTER TABLE's absent values and casts (TabletScanRequest.column_fills / column_casts).
    private static ColumnProjection Projection(TabletScanRequest request)
    {
        List<ObObj>? absent = null;
        if (request.ColumnFills.Count > 0)
        {
            absent = new List<ObObj>(request.ColumnFills.Count);
            foreach (var fill in request.ColumnFills)
            {
                var pos = 0;
                absent.Add(fill.IsEmpty ? ObObj.Null : CellCodec.Read(fill.Span, ref pos));
            }
        }
        List<(int, ObType, int)>? casts = null;
        for (var i = 0; i < request.ColumnCasts.Count; i++)
        {
            if (request.ColumnCasts[i] == 0)
                continue;
            casts ??= [];
            casts.Add((i, (ObType)(request.ColumnCasts[i] - 1), i < request.ColumnCastScales.Count ? request.ColumnCastScales[i] : -1));
        }
        return new ColumnProjection(request.ColumnIds, absent, casts);
    }

    internal static bool Passes(BoundExpr filter, ObObj[] row, EvalContext ctx)
    {
        try
        {
            return ExprEvaluator.IsTrue(filter, row, ctx);
        }
        catch (ExprException e)
        {
            throw new RpcException(e.Code == 0 ? WireErrorCodes.Unknown : e.Code, e.Message, e);
        }
    }

    // The statement's clock and zone the filter carries (ExprSerializer.ContextOf).
    private static EvalContext ReadContext(ByteString filter)
    {
        try
        {
            return ExprSerializer.ContextOf(filter.Span);
        }
        catch (FormatException e)
        {
            throw new RpcException(WireErrorCodes.Unknown, "bad pushed-down filter: " + e.Message, e);
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
        catch (ExprException e)
        {
            throw new RpcException(e.Code, e.Message, e);
        }
        catch (FormatException e)
        {
            throw new RpcException(WireErrorCodes.Unknown, "bad pushed-down filter: " + e.Message, e);
        }
    }
}
