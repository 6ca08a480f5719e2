using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// Makes this ChunkServer a full replica of a tablet it was assigned but has nothing of: copies the
// baseline SSTable from another replica into the tablet directory, fsyncs it, and checks it before
// serving it — trailer, index and every block's CRC, and the row count and data checksum the source
// reports for the tablet. A copy that fails any check is deleted and tried again from the next replica.
// Copies are paced like merges (merge_max_mb_per_sec).
public sealed class TabletCopier(RpcClientPool clients, string self, string tabletDir, BlockCache cache, RowCache rowCache, long bytesPerSecond, ILogger log)
{
    // The copied tablet, or null when no other replica could provide it this time.
    public async Task<Tablet?> CopyAsync(TabletInfo assigned, CancellationToken ct)
    {
        var range = assigned.Range ?? KeyRanges.All;
        foreach (var source in assigned.Replicas.Where(r => r != self))
        {
            var name = $"t{assigned.TableId}_v{assigned.Version}_copy_{Guid.NewGuid():N}.sst";
            var path = Path.Combine(tabletDir, name);
            var throttle = new MergeThrottle(bytesPerSecond);
            try
            {
                long rowCount = 0;
                ulong checksum = 0;
                await FileChunks.DownloadAsync(path, async offset =>
                {
                    var chunk = await clients.CallAsync(source, PacketCodes.CsFetchTablet,
                        new TabletFetchRequest { TableId = assigned.TableId, Range = range, Version = assigned.Version, Offset = offset, MaxBytes = FileChunks.MaxChunkBytes },
                        TabletFetchResponse.Parser, cancellationToken: ct).ConfigureAwait(false);
                    (rowCount, checksum) = (chunk.RowCount, chunk.Checksum);
                    await throttle.PaceAsync(chunk.Data.Length, ct).ConfigureAwait(false);
                    return (chunk.Data.Memory, chunk.TotalBytes);
                }, $"table {assigned.TableId}'s tablet on {source}", ct).ConfigureAwait(false);
                PosixFile.SyncDirectory(tabletDir);
                var reader = await VerifiedAsync(path, rowCount, checksum, ct).ConfigureAwait(false);
                log.LogInformation("copied tablet of table {Table} at version {Version} from {Source}: {Rows} rows, {Bytes} bytes",
                    assigned.TableId, assigned.Version, source, reader.RowCount, reader.FileSize);
                return new Tablet(assigned.TableId, range.Clone(), assigned.Version, new SSTableBaseline(reader, rowCache))
                {
                    SSTable = name,
                    RowCount = reader.RowCount,
                    SizeBytes = reader.FileSize,
                    Checksum = reader.DataChecksum,
                };
            }
            catch (Exception e) when (e is RpcException or IOException && !ct.IsCancellationRequested)
            {
                TryDelete(path);
                log.LogWarning("copying the tablet of table {Table} at version {Version} from {Source} failed: {Error}",
                    assigned.TableId, assigned.Version, source, e.Message);
            }
        }
        return null;
    }

    private async Task<SSTableReader> VerifiedAsync(string path, long rowCount, ulong checksum, CancellationToken ct)
    {
        var reader = await SSTableReader.OpenAsync(path, cache, ct).ConfigureAwait(false);
        try
        {
            if (reader.RowCount != rowCount || reader.DataChecksum != checksum)
            {
                throw new SSTableCorruptException($"SSTable {path}: {reader.RowCount} rows, checksum {reader.DataChecksum:x16}; the source reported {rowCount} rows, checksum {checksum:x16}")
                { FilePath = path };
            }
            for (var block = 0; block < reader.BlockCount; block++)
                await reader.ReadBlockAsync(block, ct).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            log.LogWarning("could not delete {File}: {Error}", path, e.Message);
        }
    }
}
