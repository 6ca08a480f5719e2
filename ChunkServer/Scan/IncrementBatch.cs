using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// Batched key lookups (a scan request with more_ranges — points, index prefixes, an OR's ranges): the
// UpdateServer increments of every part that shares the first part's baseline version are read with
// ONE ScanIncrement request (range + more_ranges) instead of one per part, and handed out per part as
// complete cursors. Only parts in key order with no key in common are batched, so each increment row
// belongs to exactly one part (found by walking forward). A page that fills up (has_more) ends inside
// the part holding its last row: that part and the ones after it open their own cursors, as do parts
// of another baseline version.
public static class IncrementBatch
{
    public sealed record Opened(IncrementCursor?[] Cursors, ulong ReadVersion);

    public static async Task<Opened?> OpenAsync(
        IIncrementSource source, TabletScanRequest request, IReadOnlyList<(Tablet Tablet, KeyRange Part)> parts, int pageRows, CancellationToken ct)
    {
        if (parts.Count < 2 || !InKeyOrderApart(parts))
            return null;
        var minVersion = parts[0].Tablet.Version;
        var batch = Enumerable.Range(0, parts.Count).Where(i => parts[i].Tablet.Version == minVersion).ToList();
        if (batch.Count < 2)
            return null;
        var scan = new ScanIncrementRequest
        {
            TableId = request.TableId,
            Range = parts[batch[0]].Part,
            ReadVersion = request.ReadVersion,
            MaxRows = pageRows,
            TxId = request.TxId,
            MinVersion = minVersion,
        };
        scan.MoreRanges.AddRange(batch.Skip(1).Select(i => parts[i].Part));
        scan.ColumnIds.AddRange(request.ColumnIds);
        var response = await source.ScanAsync(scan, ct).ConfigureAwait(false);
        var shares = batch.Select(_ => new List<IncrementRow>()).ToArray();
        var b = 0;
        foreach (var row in IncrementCursor.Decode(response))
        {
            while (b < batch.Count && !KeyRanges.Contains(parts[batch[b]].Part, row.RowKey))
                b++;
            if (b == batch.Count)
                throw new RpcException(RpcErrorCodes.Internal, "UpdateServer returned an increment outside the requested ranges or out of their order");
            shares[b].Add(row);
        }
        var complete = response.HasMore ? b : batch.Count;
        var cursors = new IncrementCursor?[parts.Count];
        for (var j = 0; j < complete; j++)
            cursors[batch[j]] = IncrementCursor.Complete(response.ReadVersion, shares[j]);
        return new Opened(cursors, response.ReadVersion);
    }

    // Each part ends before the next one starts (no key in common, ascending).
    private static bool InKeyOrderApart(IReadOnlyList<(Tablet Tablet, KeyRange Part)> parts)
    {
        for (var i = 1; i < parts.Count; i++)
        {
            var (before, after) = (parts[i - 1].Part, parts[i].Part);
            if (before.EndIsMax || after.StartIsMin)
                return false;
            var c = before.End.Span.SequenceCompareTo(after.Start.Span);
            if (c > 0 || (c == 0 && before.EndInclusive && after.StartInclusive))
                return false;
        }
        return true;
    }
}
