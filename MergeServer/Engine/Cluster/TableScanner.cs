using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Cluster;

// Reads rows of one table from its ChunkServers: each key range is clipped to the tablets it covers, up
// to MaxParallelPieces pieces are read at once (every page of a piece from one replica, continuing after
// last_key), and rows come back in key order as their pages arrive: each piece reads one page ahead of
// its consumer (PiecePages), so a scan holds a few pages whatever the table's size, and a consumer that
// waits (a slow client) holds the reading up. A replica that fails, says it no longer serves the tablet (6001) or
// finds its copy corrupt (6003: it failed a CRC check there and is being re-copied) is skipped for
// the next one; when every replica failed, the locations are reloaded and the rest of the
// piece is retried, so the client never sees a single ChunkServer failure.
public sealed partial class TableScanner(IClusterGateway gateway, TabletLocationCache locations, ILogger logger)
{
    private const int MaxRounds = 6;
    private const int MaxParallelPieces = 8;

    // Socket completions run on the socket engine's few threads (see RoleHost), and so does a statement
    // until it waits on something. A statement about to work through many rows (filter, sort, aggregate,
    // result packets) moves to the thread pool first so that it does not hold up other connections.
    private const int ThreadPoolAboveRows = 4096;

    public async IAsyncEnumerable<ObObj[]> ScanAsync(TableScanSpec spec, ReadSnapshot snapshot, [EnumeratorCancellation] CancellationToken ct)
    {
        snapshot.CheckReadable(spec.Table.TableId);
        var tablets = await locations.GetAsync(spec.Table.TableId, ct);
        var pieces = Pieces(spec, tablets);
        if (pieces.Count == 0)
            yield break;
        var open = new Queue<PiecePages>();
        var started = 0;
        long delivered = 0;
        // Without a snapshot the first piece's first page fixes it; the other pieces start after that.
        var snapshotFixed = snapshot.Version != 0 || pieces.Count == 1;
        try
        {
            open.Enqueue(Open(spec, pieces[started++], snapshot, ct));
            while (open.Count > 0)
            {
                while (snapshotFixed && started < pieces.Count && open.Count < MaxParallelPieces)
                    open.Enqueue(Open(spec, pieces[started++], snapshot, ct));
                var page = await open.Peek().NextAsync();
                snapshotFixed = true;
                if (page is null)
                {
                    open.Dequeue();
                    continue;
                }
                delivered += page.Count;
                if (delivered >= ThreadPoolAboveRows && page.Count > 0)
                    await Task.Yield();
                foreach (var row in page)
                    yield return row;
            }
        }
        finally
        {
            // A consumer that stops early (LIMIT, an error) stops the pieces still reading.
            foreach (var pages in open)
                pages.Stop();
        }
    }

    private PiecePages Open(TableScanSpec spec, ScanPiece piece, ReadSnapshot snapshot, CancellationToken ct) =>
        new((pages, token) => ReadWorkAsync(spec, piece, snapshot, pages, token), ct);

    // `located`: the tablet the piece lies in by the locations the scan was cut with (round 0 reads it
    // without asking the cache again); null, and every later round, cut what is unread by the cache.
    private async Task ReadPieceAsync(TableScanSpec spec, ScanRange piece, TabletLocation? located, ReadSnapshot snapshot, PiecePages pages, CancellationToken ct)
    {
        ScanRange? remaining = piece;
        Exception? lastError = null;
        for (var round = 0; remaining is not null && round < MaxRounds; round++)
        {
            if (round > 0)
            {
                if (pages.Stopped)
                    return;
                locations.Invalidate(spec.Table.TableId);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * round * round), ct);
            }
            var parts = round == 0 && located is not null
                ? [(located, remaining)]
                : TabletLocationCache.Clip(await locations.GetAsync(spec.Table.TableId, ct), remaining);
            if (parts.Count == 0)
                return;
            var failed = false;
            foreach (var (tablet, part) in parts)
            {
                var (done, unread, error) = await ReadTabletAsync(spec, tablet, part, snapshot, pages, ct);
                if (done)
                {
                    remaining = AfterPart(remaining, part);
                    if (spec.Limit > 0 && pages.Rows >= spec.Limit)
                        return;
                    continue;
                }
                lastError = error;
                remaining = unread is null ? AfterPart(remaining, part) : new ScanRange(unread.Start, unread.StartInclusive, remaining?.End, remaining?.EndInclusive ?? true);
                failed = true;
                break;
            }
            if (!failed)
                return;
        }
        if (remaining is null)
            return;
        logger.LogWarning("scan of table {Table} failed on every replica: {Error}", spec.Table.TableId, lastError?.Message);
        throw new ClusterUnavailableException($"ChunkServer unavailable for table {spec.Table.Database}.{spec.Table.Name}, retry: {lastError?.Message}",
            mayHaveApplied: false, lastError);
    }

    // Reads one tablet's part through its replicas in turn; on failure returns the part still unread.
    private async Task<(bool Done, ScanRange? Unread, Exception? Error)> ReadTabletAsync(
        TableScanSpec spec, TabletLocation tablet, ScanRange part, ReadSnapshot snapshot, PiecePages pages, CancellationToken ct)
    {
        var rest = part;
        if (ReadsFromUps(spec, tablet))
        {
            if (await ReadIncrementsAsync(spec, tablet, [part], snapshot, pages, ct) is not [var unread])
                return (true, null, null);
            rest = unread;
        }
        var digits = ScanColumns.FractionalDigits(spec);
        Exception? error = null;
        foreach (var replica in tablet.ReplicaOrder())
        {
            try
            {
                while (true)
                {
                    var request = new TabletScanRequest
                    {
                        TableId = spec.Table.TableId,
                        Range = rest.ToProto(),
                        Filter = spec.FilterBytes,
                        Limit = spec.Limit > 0 ? Math.Max(1, spec.Limit - pages.Rows) : 0,
                        ReadVersion = snapshot.Version,
                        TxId = snapshot.TxId,
                        LeaseMayFix = snapshot.LeaseMayFix(spec.Table.TableId),
                    };
                    ScanColumns.AddTo(request, spec);
                    var response = await gateway.ScanTabletAsync(replica, request, ct);
                    snapshot.Fix(response.ReadVersion, spec.Table.TableId, response.LeaseServed);
                    var page = new List<ObObj[]>();
                    RowBlockDecoder.Decode(response.Rows.Span, spec.ColumnIds.Count, page, digits);
                    await pages.EmitAsync(page);
                    if (!response.HasMore || (spec.Limit > 0 && pages.Rows >= spec.Limit))
                        return (true, null, null);
                    if (response.LastKey.IsEmpty)
                        throw new SqlError(ErrorCodes.Unknown, "HY000", $"ChunkServer {replica} paged without a last_key");
                    rest = rest.After(response.LastKey.ToByteArray());
                }
            }
            catch (ClusterUnavailableException e)
            {
                error = e;
            }
            catch (SqlError e) when (IsReplicaRefusal(e))
            {
                error = e;
            }
        }
        return (false, rest, error);
    }

    // The replica cannot answer for this tablet but another may: not served there, or corrupt there.
    private static bool IsReplicaRefusal(SqlError e) => e.Code is WireErrorCodes.TabletNotServedHere or WireErrorCodes.TabletReplicaCorrupt;

    private static ScanRange? AfterPart(ScanRange? remaining, ScanRange part)
    {
        if (remaining is null || part.End is null)
            return null;
        var next = new ScanRange(part.End, !part.EndInclusive, remaining.End, remaining.EndInclusive);
        return next.IsEmpty ? null : next;
    }
}
