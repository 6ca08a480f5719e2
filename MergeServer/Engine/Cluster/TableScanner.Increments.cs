using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Cluster;

// A tablet whose baseline is empty is read from the UpdateServer master alone: MS -> UPS, no ChunkServer
// hop (a table loaded since the last daily merge; issue 21). The increments come back as the UPS keeps
// them; a Replace is the whole row, an Update or Deleted over an empty baseline is no row (as RowFusion
// fuses them), and the MergeServer projects, filters and limits them as a ChunkServer would. The request
// names the scan's columns (column_ids), so the UPS sends only their cells (no `pad` for a `SELECT c`).
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
        var filter = spec.BoundFilter ?? ReadFilter(spec.Filter);
        var digits = ScanColumns.FractionalDigits(spec);
        var eval = ExprSerializer.ContextOf(spec.Filter);
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
                request.ColumnIds.AddRange(spec.ColumnIds);
                var response = await gateway.ScanIncrementAsync(request, ct);
                snapshot.Fix(response.ReadVersion);
                var take = spec.Limit > 0 ? spec.Limit - pages.Rows : long.MaxValue;
                var (page, lastKey, limitReached) = DecodeIncrements(response.Rows.Span, spec.ColumnIds, filter, digits, eval, take);
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

    // One UPS page (IncrementRowCodec's layout: count, then per row rowkey, state, cells) as the scan's
    // rows, up to `take`: a Replace row projected to the scan's columns in their order (NULL where the row
    // has no cell or a marker), filtered, then given its DATETIME digits; an Update or Deleted row over an
    // empty baseline is no row. Cells of columns the scan does not read are stepped over, not built (a
    // point select of `c` decoded every column of the row before). Returns the last row's key (null when
    // the page is empty) for the next page to continue after.
    private static (List<ObObj[]> Page, byte[]? LastKey, bool LimitReached) DecodeIncrements(
        ReadOnlySpan<byte> block, IReadOnlyList<int> columnIds, BoundExpr? filter, int[]? digits, EvalContext eval, long take)
    {
        var page = new List<ObObj[]>();
        if (block.IsEmpty)
            return (page, null, false);
        try
        {
            var pos = 0;
            var count = ReadCount(block, ref pos);
            page.EnsureCapacity((int)Math.Min(count, take));
            var lastKeyAt = -1;
            var slots = new ColumnSlots(columnIds);
            for (var r = 0; r < count; r++)
            {
                lastKeyAt = pos;
                CellCodec.ReadBytes(block, ref pos);
                var state = block[pos++];
                if (state > (byte)IncrementState.Deleted)
                    throw new FormatException($"bad increment state {state}");
                var cellCount = ReadCount(block, ref pos);
                if (state != (byte)IncrementState.Replace)
                {
                    for (var c = 0; c < cellCount; c++)
                    {
                        CellCodec.ReadVarUInt(block, ref pos);
                        CellCodec.Skip(block, ref pos);
                    }
                    continue;
                }
                var row = new ObObj[columnIds.Count];
                Array.Fill(row, ObObj.Null);
                for (var c = 0; c < cellCount; c++)
                {
                    var columnId = checked((int)CellCodec.ReadVarUInt(block, ref pos));
                    var slot = slots.Of(columnId);
                    if (slot == ColumnSlots.NotRead)
                    {
                        CellCodec.Skip(block, ref pos);
                        continue;
                    }
                    var value = CellCodec.Read(block, ref pos);
                    if (value.IsMarker)
                        continue;
                    if (slot != ColumnSlots.Repeated)
                    {
                        row[slot] = value;
                        continue;
                    }
                    for (var p = 0; p < columnIds.Count; p++)
                    {
                        if (columnIds[p] == columnId)
                            row[p] = value;
                    }
                }
                if (filter is not null && !Passes(filter, row, eval))
                    continue;
                if (digits is not null)
                {
                    for (var c = 0; c < row.Length; c++)
                        row[c] = RowBlockDecoder.Cell(row[c], digits, c);
                }
                page.Add(row);
                if (page.Count >= take)
                    return (page, LastKey(block, lastKeyAt), true);
            }
            if (pos != block.Length)
                throw new FormatException("trailing bytes after the increment rows");
            return (page, lastKeyAt < 0 ? null : LastKey(block, lastKeyAt), false);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new FormatException("truncated or corrupt increment rows", e);
        }
    }

    private static byte[] LastKey(ReadOnlySpan<byte> block, int at) => CellCodec.ReadBytes(block, ref at).ToArray();

    private static int ReadCount(ReadOnlySpan<byte> block, ref int pos)
    {
        var n = CellCodec.ReadVarUInt(block, ref pos);
        if (n > (ulong)(block.Length - pos))
            throw new FormatException($"count {n} exceeds the remaining {block.Length - pos} bytes");
        return (int)n;
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
