using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Cluster;

// Batched key lookups: ranges that each fall in one tablet — points, or the key prefixes of index
// lookups — are read with one request per page (range + more_ranges), up to MaxPointsPerRequest ranges
// each, instead of one request per range. A page that ends early continues with what lies after its
// last_key; when every replica fails, the ranges left are read one by one through the ordinary piece
// path (which reloads locations and retries). Scans with a limit keep one request per range.
public sealed partial class TableScanner
{
    public const int MaxPointsPerRequest = 256;

    // A piece of a scan: one range within one tablet, or several ranges of one tablet (Points). Tablet is
    // where the location cache put it when the scan was cut into pieces; the first read goes there
    // without asking the cache again, and a retry reloads the locations.
    private sealed record ScanPiece(ScanRange Range, TabletLocation Tablet, List<ScanRange>? Points = null);

    private static List<ScanPiece> Pieces(TableScanSpec spec, IReadOnlyList<TabletLocation> tablets)
    {
        var pieces = new List<ScanPiece>();
        foreach (var range in spec.Ranges)
        {
            var clipped = TabletLocationCache.Clip(tablets, range);
            if (spec.Limit == 0 && clipped.Count == 1 && spec.Ranges.Count > 1)
            {
                var tablet = clipped[0].Tablet;
                if (pieces.Count > 0 && pieces[^1] is { Points: { } points } last && ReferenceEquals(last.Tablet, tablet) && points.Count < MaxPointsPerRequest)
                    points.Add(range);
                else
                    pieces.Add(new ScanPiece(clipped[0].Range, tablet, [range]));
                continue;
            }
            foreach (var (tablet, part) in clipped)
                pieces.Add(new ScanPiece(part, tablet));
        }
        return pieces;
    }

    private Task ReadWorkAsync(TableScanSpec spec, ScanPiece piece, ReadSnapshot snapshot, PiecePages pages, CancellationToken ct) =>
        piece.Points is { Count: > 1 } points
            ? ReadPointsAsync(spec, piece.Tablet, points, snapshot, pages, ct)
            : ReadPieceAsync(spec, piece.Range, piece.Tablet, snapshot, pages, ct);

    private async Task ReadPointsAsync(TableScanSpec spec, TabletLocation tablet, List<ScanRange> points, ReadSnapshot snapshot, PiecePages pages, CancellationToken ct)
    {
        var rest = points;
        if (ReadsFromUps(spec, tablet))
        {
            rest = await ReadIncrementsAsync(spec, tablet, points, snapshot, pages, ct);
            if (rest.Count == 0)
                return;
        }
        var digits = ScanColumns.FractionalDigits(spec);
        foreach (var replica in tablet.ReplicaOrder())
        {
            try
            {
                while (rest.Count > 0)
                {
                    var request = new TabletScanRequest
                    {
                        TableId = spec.Table.TableId,
                        Range = rest[0].ToProto(),
                        Filter = spec.FilterBytes,
                        ReadVersion = snapshot.Version,
                        TxId = snapshot.TxId,
                        LeaseMayFix = snapshot.LeaseMayFix(spec.Table.TableId),
                    };
                    for (var i = 1; i < rest.Count; i++)
                        request.MoreRanges.Add(rest[i].ToProto());
                    ScanColumns.AddTo(request, spec);
                    var response = await gateway.ScanTabletAsync(replica, request, ct);
                    snapshot.Fix(response.ReadVersion, spec.Table.TableId, response.LeaseServed);
                    var page = new List<ObObj[]>();
                    RowBlockDecoder.Decode(response.Rows.Span, spec.ColumnIds.Count, page, digits);
                    await pages.EmitAsync(page);
                    if (!response.HasMore)
                        return;
                    var after = new ScanRange(response.LastKey.ToByteArray(), false, null, true);
                    rest = [.. rest.Select(r => r.Intersect(after)).OfType<ScanRange>()];
                }
                return;
            }
            catch (ClusterUnavailableException)
            {
            }
            catch (SqlError e) when (IsReplicaRefusal(e))
            {
            }
        }
        foreach (var point in rest)
            await ReadPieceAsync(spec, point, located: null, snapshot, pages, ct);
    }
}
