using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// A tablet whose baseline is empty is read from the UpdateServer master alone: MS -> UPS, no ChunkServer
// hop (a table loaded since the last daily merge; issue 21). The increments come back as the UPS keeps
// them; a Replace is the whole row, an Update or Deleted over an empty baseline is no row (as RowFusion
// fuses them), and the MergeServer projects, filters and limits them as a ChunkServer would.
//
// Why it is safe. The root table lists a tablet with row_count 0 at version v only when its baseline at v
// holds no row (the RootServer relies on this too: it re-places such a tablet without copying it), and a
// baseline never changes for its version. So the tablet's rows at any read version are exactly the
// increments newer than v, which is what the MS asks for (min_version = v, the same read version and
// transaction a ChunkServer would send). A stale location cache (the tablet has since merged into a newer
// version that holds rows) still reads right while the UPS keeps every increment newer than v; once it
// has released increments above v it refuses min_version = v (6101, IncrementsReleased), and the read
// goes to the ChunkServers with the locations reloaded. A UPS that is unreachable or no longer the master
// sends the read to the ChunkServers as well (they find the new master). Tables with online ALTER TABLE
// fills or casts, and batched ranges not in key order apart, keep the ChunkServer path.
public sealed partial class TableScanner
{
    // Increments per UPS page (as a ChunkServer asks, TabletScanService.IncrementPageRows).
    private const int IncrementPageRows = 2048;

    private bool ReadsFromUps(TableScanSpec spec, TabletLocation tablet)
    {
        if (!tablet.EmptyBaseline || !gateway.ReadsIncrements)
            return false;
        foreach (var column in spec.Table.Columns)
        {
            if (column.FillValue is not null || column.Retyped)
                return false;
        }
        return true;
    }

    // Reads `ranges` (in key order, no key in common, all inside `tablet`) from the UPS master into pages
    // (one per UPS response).
    // Returns what is still unread when the UPS cannot serve it (empty when every range was read, or the
    // limit reached), for the ChunkServers to read.
    private async Task<List<ScanRange>> ReadIncrementsAsync(
        TableScanSpec spec, TabletLocation tablet, List<ScanRange> ranges, ReadSnapshot snapshot, PiecePages pages, CancellationToken ct)
    {
        var rest = ranges;
        if (!InKeyOrderApart(rest))
            return rest;
        var filter = ReadFilter(spec.Filter);
        var digits = ScanColumns.FractionalDigits(spec);
        var eval = EvalContext.AtNow();
        try
        {
            while (rest.Count > 0)
            {
                var request = new ScanIncrementRequest
                {
                    TableId = spec.Table.TableId,
                    Range = rest[0].ToProto(),
                    ReadVersion = snapshot.Version,
                    TxId = snapshot.TxId,
                    MinVersion = tablet.Version,
                    MaxRows = IncrementPageRows,
                };
                for (var i = 1; i < rest.Count; i++)
                    request.MoreRanges.Add(rest[i].ToProto());
                var response = await gateway.ScanIncrementAsync(request, ct);
                snapshot.Fix(response.ReadVersion);
                byte[]? lastKey = null;
                var page = new List<ObObj[]>();
                var limitReached = false;
                foreach (var increment in IncrementRowCodec.Read(response.Rows.Span))
                {
                    lastKey = increment.RowKey;
                    if (increment.State != IncrementState.Replace)
                        continue;
                    var row = Project(spec.ColumnIds, increment.Cells);
                    if (filter is not null && !Passes(filter, row, eval))
                        continue;
                    for (var c = 0; c < row.Length; c++)
                        row[c] = RowBlockDecoder.Cell(row[c], digits, c);
                    page.Add(row);
                    if (spec.Limit > 0 && pages.Rows + page.Count >= spec.Limit)
                    {
                        limitReached = true;
                        break;
                    }
                }
                await pages.EmitAsync(page);
                if (limitReached || !response.HasMore)
                    return [];
                if (lastKey is null)
                    throw new SqlError(ErrorCodes.Unknown, "HY000", "UpdateServer said has_more with an empty page");
                var after = new ScanRange(lastKey, false, null, true);
                rest = [.. rest.Select(r => r.Intersect(after)).OfType<ScanRange>()];
            }
            return rest;
        }
        catch (ClusterUnavailableException)
        {
            return rest;
        }
        catch (SqlError e) when (e.Code is WireErrorCodes.IncrementsReleased or WireErrorCodes.NotMaster or WireErrorCodes.NoUpdateServerMaster)
        {
            if (e.Code == WireErrorCodes.IncrementsReleased)
                locations.Invalidate(spec.Table.TableId);
            return rest;
        }
    }

    // The row in the scan's column order: each requested column's cell, NULL where the row has none.
    private static ObObj[] Project(IReadOnlyList<int> columnIds, IReadOnlyList<IncrementCell> cells)
    {
        var row = new ObObj[columnIds.Count];
        Array.Fill(row, ObObj.Null);
        foreach (var cell in cells)
        {
            if (cell.Value.IsMarker)
                continue;
            for (var p = 0; p < columnIds.Count; p++)
            {
                if (columnIds[p] == cell.ColumnId)
                    row[p] = cell.Value;
            }
        }
        return row;
    }

    private static BoundExpr? ReadFilter(byte[] bytes)
    {
        if (bytes.Length == 0)
            return null;
        try
        {
            return ExprSerializer.Read(bytes);
        }
        catch (ExprException e)
        {
            throw SqlError.FromCode(e.Code == 0 ? ErrorCodes.Unknown : e.Code, e.Message);
        }
        catch (FormatException e)
        {
            throw SqlError.FromCode(ErrorCodes.Unknown, "bad pushed-down filter: " + e.Message);
        }
    }

    private static bool Passes(BoundExpr filter, ObObj[] row, EvalContext eval)
    {
        try
        {
            return ExprEvaluator.IsTrue(filter, row, eval);
        }
        catch (ExprException e)
        {
            throw SqlError.FromCode(e.Code == 0 ? ErrorCodes.Unknown : e.Code, e.Message);
        }
    }

    // Each range ends before the next one starts (what the UPS's more_ranges asks for).
    private static bool InKeyOrderApart(List<ScanRange> ranges)
    {
        for (var i = 1; i < ranges.Count; i++)
        {
            var (before, after) = (ranges[i - 1], ranges[i]);
            if (before.End is null || after.Start is null)
                return false;
            var c = before.End.AsSpan().SequenceCompareTo(after.Start);
            if (c > 0 || (c == 0 && before.EndInclusive && after.StartInclusive))
                return false;
        }
        return true;
    }
}
