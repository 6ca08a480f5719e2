using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Engine.Execution;

// Batched key lookups: point ranges that fall in one tablet are read with one request per page
// (range + more_ranges), up to MaxPointsPerRequest keys each, instead of one request per key. A page
// that ends early continues with the keys after its last_key; when every replica fails, the keys left
// are read one by one through the ordinary piece path (which reloads locations and retries).
public sealed partial class TableScanner
{
    public const int MaxPointsPerRequest = 256;

    // A piece of a scan: one range, or several point ranges of one tablet.
    private sealed record ScanPiece(ScanRange Range, TabletLocation? Tablet = null, List<ScanRange>? Points = null);

    private static List<ScanPiece> Pieces(TableScanSpec spec, IReadOnlyList<TabletLocation> tablets)
    {
        var pieces = new List<ScanPiece>();
        foreach (var range in spec.Ranges)
        {
            var clipped = TabletLocationCache.Clip(tablets, range);
            if (range.IsPoint && spec.Limit == 0 && clipped.Count == 1)
            {
                var tablet = clipped[0].Tablet;
                if (pieces.Count > 0 && pieces[^1] is { Points: { } points } last && ReferenceEquals(last.Tablet, tablet) && points.Count < MaxPointsPerRequest)
                    points.Add(range);
                else
                    pieces.Add(new ScanPiece(range, tablet, [range]));
                continue;
            }
            pieces.AddRange(clipped.Select(p => new ScanPiece(p.Range)));
        }
        return pieces;
    }

    private Task<List<ObObj[]>> ReadWorkAsync(TableScanSpec spec, ScanPiece piece, ReadSnapshot snapshot, CancellationToken ct) =>
        piece.Points is { Count: > 1 } points
            ? ReadPointsAsync(spec, piece.Tablet!, points, snapshot, ct)
            : ReadPieceAsync(spec, piece.Range, snapshot, ct);

    private async Task<List<ObObj[]>> ReadPointsAsync(TableScanSpec spec, TabletLocation tablet, List<ScanRange> points, ReadSnapshot snapshot, CancellationToken ct)
    {
        var rows = new List<ObObj[]>();
        var rest = points;
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
                        Filter = spec.Filter.Length == 0 ? ByteString.Empty : ByteString.CopyFrom(spec.Filter),
                        ReadVersion = snapshot.Version,
                        TxId = snapshot.TxId,
                    };
                    request.MoreRanges.AddRange(rest.Skip(1).Select(r => r.ToProto()));
                    ScanColumns.AddTo(request, spec);
                    var response = await gateway.ScanTabletAsync(replica, request, ct);
                    snapshot.Fix(response.ReadVersion);
                    RowBlockDecoder.Decode(response.Rows.Span, spec.ColumnIds.Count, rows);
                    if (!response.HasMore)
                        return rows;
                    var lastKey = response.LastKey.ToByteArray();
                    rest = [.. rest.Where(p => p.Start.AsSpan().SequenceCompareTo(lastKey) > 0)];
                }
                return rows;
            }
            catch (ClusterUnavailableException)
            {
            }
            catch (SqlError e) when (IsReplicaRefusal(e))
            {
            }
        }
        foreach (var point in rest)
            rows.AddRange(await ReadPieceAsync(spec, point, snapshot, ct));
        return rows;
    }
}
