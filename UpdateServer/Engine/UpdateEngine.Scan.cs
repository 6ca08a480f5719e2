using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.UpdateServer.Transactions;

namespace OceanClassic.UpdateServer.Engine;

// Increment scans (ScanIncrementRequest), called on the connection's read loop. A scan outside a transaction
// walks the MemTable into its rows block (IncrementScan) on the loop, with no thread hop, while it stays within
// a budget of rows walked (visible or not: a released range walks rows it does not answer) and bytes written
// (ScanLoopRows, ScanLoopBytes); a longer one goes on from where it stopped on the thread pool. A scan at a
// read version not yet committed waits for it first. Safety: the read version is committed (never above the
// watermark), so the walk sees no increment newer than it wherever it runs; min_version below the released
// version is refused (6101) before the walk and again after it (a release begun meanwhile may have dropped
// increments the walk needed); the lease is granted after the walk, under the apply lock, as before. A scan
// in a transaction (its own writes folded in: OwnWrites) reads ranges off the loop and point gets on it.
public sealed partial class UpdateEngine
{
    // Bytes of rows a scan writes on the read loop before it continues on the thread pool.
    public const int ScanLoopBytes = 128 << 10;
    // Rows walked per slice once off the loop (cancellation is checked between slices).
    private const int ScanSliceRows = 4096;

    public ValueTask<ScanIncrementResponse> ScanIncrementAsync(ScanIncrementRequest request, CancellationToken ct)
    {
        if (request.TxId != 0)
            return ScanInTransactionAsync(request, ct);
        var readVersion = request.ReadVersion == 0 ? _watermark.Version : request.ReadVersion;
        return readVersion > _watermark.Version ? ScanOnceCommittedAsync(request, readVersion, ct) : ScanCommitted(request, readVersion, ct);
    }

    private async ValueTask<ScanIncrementResponse> ScanOnceCommittedAsync(ScanIncrementRequest request, ulong readVersion, CancellationToken ct)
    {
        if (!await _watermark.WaitForAsync(readVersion, _options.ReadVersionWait, ct).ConfigureAwait(false))
            ThrowNotCommitted(readVersion, _watermark.Version);
        return await ScanCommitted(request, readVersion, ct).ConfigureAwait(false);
    }

    // Answered here when the walk fits the loop's budget; otherwise it goes on off the loop.
    private ValueTask<ScanIncrementResponse> ScanCommitted(ScanIncrementRequest request, ulong readVersion, CancellationToken ct)
    {
        CheckNotReleased(request.MinVersion);
        IncrementScan? scan = new(_memTable, request, readVersion);
        try
        {
            if (scan.Run(_options.ScanLoopRows, ScanLoopBytes))
                return new ValueTask<ScanIncrementResponse>(Answer(request, readVersion, scan.TakeBlock(), scan.HasMore));
            var rest = ContinueScanAsync(request, readVersion, scan, ct);
            scan = null; // the continuation owns it now
            return rest;
        }
        finally
        {
            scan?.Dispose();
        }
    }

    private async ValueTask<ScanIncrementResponse> ContinueScanAsync(ScanIncrementRequest request, ulong readVersion, IncrementScan scan, CancellationToken ct)
    {
        using (scan)
        {
            await Task.Yield();
            while (!scan.Run(ScanSliceRows, int.MaxValue))
                ct.ThrowIfCancellationRequested();
            return Answer(request, readVersion, scan.TakeBlock(), scan.HasMore);
        }
    }

    private async ValueTask<ScanIncrementResponse> ScanInTransactionAsync(ScanIncrementRequest request, CancellationToken ct)
    {
        // A range can be long: off the connection's read loop. Point gets are MemTable lookups: no thread hop.
        if (!IsOneKey(request.Range) || !request.MoreRanges.All(IsOneKey))
            await Task.Yield();
        var tx = _transactions.Get(request.TxId);
        tx?.Touch();
        var readVersion = request.ReadVersion == 0 ? _watermark.Version : request.ReadVersion;
        if (readVersion > _watermark.Version
            && !await _watermark.WaitForAsync(readVersion, _options.ReadVersionWait, ct).ConfigureAwait(false))
        {
            ThrowNotCommitted(readVersion, _watermark.Version);
        }
        CheckNotReleased(request.MinVersion);
        IEnumerable<(byte[] RowKey, MemTable.NetIncrement Net)> Visible(KeyRange? range)
        {
            var committed = _memTable.Scan(request.TableId, range, readVersion, request.MinVersion);
            return tx is null
                ? committed.Select(r => (r.Row.RowKey, r.Net))
                : OwnWrites.Overlay(committed, tx.WriteSet.Snapshot(request.TableId, range), readVersion);
        }
        // Batched lookups: each further range's rows after the previous range's, in request order.
        var visible = request.MoreRanges.Count == 0 ? Visible(request.Range) : request.MoreRanges.Prepend(request.Range).SelectMany(Visible);
        var rows = IncrementRowsBlock.Encode(visible, request.MaxRows, out var hasMore, IncrementColumnFilter.Of(request.ColumnIds));
        return Answer(request, readVersion, UnsafeByteOperations.UnsafeWrap(rows), hasMore);
    }

    private static bool IsOneKey(KeyRange? range) =>
        range is { StartInclusive: true, EndInclusive: true, StartIsMin: false, EndIsMax: false } && range.Start.Equals(range.End);

    private ScanIncrementResponse Answer(ScanIncrementRequest request, ulong readVersion, ByteString rows, bool hasMore)
    {
        // A release begun while the rows were walked may have dropped increments they needed: refused as if it came first.
        CheckNotReleased(request.MinVersion);
        var response = new ScanIncrementResponse { ReadVersion = readVersion, Rows = rows, HasMore = hasMore };
        GrantIncrementLease(request, response);
        return response;
    }
}
