using System.Runtime.CompilerServices;
using Google.Protobuf;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.DailyMerge;

// The daily merge of one tablet: its baseline SSTable (none for an empty baseline) and the UPS
// increments in (tablet version, frozen version] stream through the k-way SSTableMerger in
// baseline mode (deleted rows vanish) into one new SSTable. An output above tablet_max_size is cut
// into n ≈ size / (tablet_max_size / 2) parts of equal size. Every step is deterministic in the
// rows and the SSTable options, so replicas with equal inputs produce equal parts and checksums.
public sealed class TabletMerger(
    string dir, IIncrementSource increments, SSTableWriterOptions writerOptions, long tabletMaxSize, MergeThrottle throttle, BlockCache? cache, RowCache? rowCache = null)
{
    public const int IncrementPageRows = 4096;
    private static long s_fileSeq = DateTime.UtcNow.Ticks;

    public long RowsWritten { get; private set; }
    public long BytesWritten { get; private set; }

    public async Task<List<Tablet>> MergeAsync(Tablet tablet, ulong frozenVersion, CancellationToken ct)
    {
        var baseline = tablet.Baseline is SSTableBaseline sst ? sst.Reader.ScanAsync(tablet.Range, ct) : AsyncEnumerable.Empty<SSTableRow>();
        var cursor = await IncrementCursor.OpenAsync(increments, tablet.TableId, tablet.Range, frozenVersion, IncrementPageRows, ct, minVersion: tablet.Version)
            .ConfigureAwait(false);
        var merged = SSTableMerger.MergeAsync([baseline, Increments(cursor, ct)], SSTableMergeMode.Baseline, ct);

        var single = NewPath(tablet, frozenVersion);
        SSTableInfo info;
        await using (var writer = SSTableWriter.Create(single, writerOptions))
        {
            await foreach (var row in merged.WithCancellation(ct).ConfigureAwait(false))
            {
                await writer.AddRowAsync(row, ct).ConfigureAwait(false);
                await throttle.PaceAsync(RowBytes(row), ct).ConfigureAwait(false);
            }
            info = await writer.FinishAsync(ct).ConfigureAwait(false);
        }
        RowsWritten += info.RowCount;
        BytesWritten += info.FileSize;
        if (info.FileSize <= tabletMaxSize || info.RowCount < 2)
            return [await OpenAsync(tablet, tablet.Range, frozenVersion, info, ct).ConfigureAwait(false)];
        try
        {
            return await SplitAsync(tablet, frozenVersion, info, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(single);
        }
    }

    private async Task<List<Tablet>> SplitAsync(Tablet tablet, ulong frozenVersion, SSTableInfo whole, CancellationToken ct)
    {
        var half = Math.Max(1, tabletMaxSize / 2);
        var count = (whole.FileSize + half - 1) / half;
        var target = (whole.FileSize + count - 1) / count;
        var basePath = NewPath(tablet, frozenVersion);
        IReadOnlyList<TabletSplitPart> parts;
        using (var reader = await SSTableReader.OpenAsync(whole.Path, null, ct).ConfigureAwait(false))
        {
            parts = await TabletSplitter.WriteAsync(Paced(reader.ScanAsync(ct), ct),
                tablet.Range.StartIsMin ? null : tablet.Range.Start.ToByteArray(),
                tablet.Range.EndIsMax ? null : tablet.Range.End.ToByteArray(),
                target, i => $"{basePath[..^4]}_{i}.sst", writerOptions, ct).ConfigureAwait(false);
        }
        var result = new List<Tablet>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            BytesWritten += parts[i].Info.FileSize;
            var range = new KeyRange();
            if (i == 0)
            {
                range.StartIsMin = tablet.Range.StartIsMin;
                range.Start = tablet.Range.Start;
                range.StartInclusive = tablet.Range.StartInclusive;
            }
            else
            {
                range.Start = ByteString.CopyFrom(parts[i].StartKey);
                range.StartInclusive = true;
            }
            if (i == parts.Count - 1)
            {
                range.EndIsMax = tablet.Range.EndIsMax;
                range.End = tablet.Range.End;
                range.EndInclusive = tablet.Range.EndInclusive;
            }
            else
            {
                range.End = ByteString.CopyFrom(parts[i].EndKey);
                range.EndInclusive = false;
            }
            result.Add(await OpenAsync(tablet, range, frozenVersion, parts[i].Info, ct).ConfigureAwait(false));
        }
        return result;
    }

    private async Task<Tablet> OpenAsync(Tablet parent, KeyRange range, ulong version, SSTableInfo info, CancellationToken ct)
    {
        var reader = await SSTableReader.OpenAsync(info.Path, cache, ct).ConfigureAwait(false);
        return new Tablet(parent.TableId, range, version, new SSTableBaseline(reader, rowCache))
        {
            SSTable = Path.GetFileName(info.Path),
            RowCount = info.RowCount,
            SizeBytes = info.FileSize,
            Checksum = info.DataChecksum,
        };
    }

    private string NewPath(Tablet tablet, ulong version) =>
        Path.Combine(dir, $"t{tablet.TableId}_v{version}_{Interlocked.Increment(ref s_fileSeq)}.sst");

    private async IAsyncEnumerable<SSTableRow> Paced(IAsyncEnumerable<SSTableRow> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
        {
            yield return row;
            await throttle.PaceAsync(RowBytes(row), ct).ConfigureAwait(false);
        }
    }

    // The UPS increment rows as SSTable increment rows (oldest source last in the merge order).
    public static async IAsyncEnumerable<SSTableRow> Increments(IncrementCursor cursor, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in cursor.ReadAllAsync(ct).ConfigureAwait(false))
        {
            var kind = row.State switch
            {
                IncrementState.Replace => SSTableRowKind.Replace,
                IncrementState.Deleted => SSTableRowKind.Deleted,
                _ => SSTableRowKind.Update,
            };
            var cells = new SSTableCell[row.Cells.Count];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = new SSTableCell(row.Cells[i].ColumnId, row.Cells[i].Value);
            yield return new SSTableRow(row.RowKey, kind, cells);
        }
    }

    private static long RowBytes(SSTableRow row)
    {
        long bytes = row.Key.Length + 4;
        foreach (var cell in row.Cells)
            bytes += 4 + (cell.Value.Type switch { ObType.String => cell.Value.String.Length, ObType.Binary => cell.Value.Bytes.Length, _ => 8 });
        return bytes;
    }
}
