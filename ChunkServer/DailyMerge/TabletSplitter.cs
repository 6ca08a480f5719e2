using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.DailyMerge;

// One output tablet of a split: the key range [StartKey, EndKey) (null = -inf / +inf) and its file.
public sealed record TabletSplitPart(byte[]? StartKey, byte[]? EndKey, SSTableInfo Info);

// Writes a sorted row stream into consecutive SSTables of about targetSize bytes each, cutting at
// row boundaries. The first part starts at the tablet's start, each cut key ends one part and
// starts the next, the last part ends at the tablet's end: the parts partition [start, end)
// exactly, with no gap and no overlap. (For 0.4's split of an oversized tablet into halves, pass
// tablet_max_size / 2.) An empty stream yields one empty part covering the whole range.
public static class TabletSplitter
{
    public static async Task<IReadOnlyList<TabletSplitPart>> WriteAsync(
        IAsyncEnumerable<SSTableRow> rows,
        byte[]? rangeStart,
        byte[]? rangeEnd,
        long targetSize,
        Func<int, string> pathForPart,
        SSTableWriterOptions options,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        var parts = new List<TabletSplitPart>();
        var partStart = rangeStart;
        var writer = SSTableWriter.Create(pathForPart(0), options);
        try
        {
            await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
            {
                if ((rangeStart is not null && row.Key.AsSpan().SequenceCompareTo(rangeStart) < 0)
                    || (rangeEnd is not null && row.Key.AsSpan().SequenceCompareTo(rangeEnd) >= 0))
                    ThrowOutsideRange(row.Key);
                if (writer.RowCount > 0 && writer.EstimatedSize >= targetSize)
                {
                    var info = await writer.FinishAsync(ct).ConfigureAwait(false);
                    parts.Add(new TabletSplitPart(partStart, row.Key, info));
                    partStart = row.Key;
                    writer = SSTableWriter.Create(pathForPart(parts.Count), options);
                }
                await writer.AddRowAsync(row, ct).ConfigureAwait(false);
            }
            var last = await writer.FinishAsync(ct).ConfigureAwait(false);
            parts.Add(new TabletSplitPart(partStart, rangeEnd, last));
            return parts;
        }
        finally
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    [DoesNotReturn]
    private static void ThrowOutsideRange(byte[] key) =>
        throw new ArgumentException($"row {Convert.ToHexString(key)} lies outside the tablet range being split");
}
