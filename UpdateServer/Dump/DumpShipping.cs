using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Storage;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Dump;

// Copying a dump from the master to a backup whose next log entry the master no longer has (0.4's
// backup UPS fetched the master's SSTables the same way before following its log).
public static class DumpShipping
{
    // Master: the dump at or after which the log still starts, when `fromSeq` was pruned; else 0.
    public static ulong DumpNeededFor(string dataDir, string logDirectory, ulong fromSeq)
    {
        var files = CommitLogFiles.ListInOrder(logDirectory);
        if (files.Count > 0 && CommitLogFiles.FirstSequenceOf(files[0]) <= fromSeq)
            return 0;
        return DumpStore.Newest(dataDir) is { } newest && newest.LogSequence >= fromSeq ? newest.LogSequence : 0;
    }

    // Master: one chunk of its newest dump (the manifest rides with the first chunk).
    public static async ValueTask<FetchDumpResponse> ServeAsync(string dataDir, FetchDumpRequest request, CancellationToken ct)
    {
        if (DumpStore.Newest(dataDir) is not { } newest || (request.DumpSeq != 0 && request.DumpSeq != newest.LogSequence))
            throw new RpcException(RpcErrorCodes.Internal, $"dump {request.DumpSeq} is not here any more; start the copy again");
        var response = new FetchDumpResponse { DumpSeq = newest.LogSequence };
        if (request.Offset == 0)
            response.Manifest = ByteString.CopyFrom(await File.ReadAllBytesAsync(newest.ManifestPath, ct).ConfigureAwait(false));
        var (data, total) = await FileChunks.ReadAsync(newest.SSTablePath, request.Offset, request.MaxBytes, ct).ConfigureAwait(false);
        response.TotalBytes = total;
        response.Data = UnsafeByteOperations.UnsafeWrap(data);
        return response;
    }

    // Backup: copies the master's newest dump into <dump dir>/copy.tmp; returns its manifest bytes
    // and the copied file (checked against the manifest when the engine loads it).
    public static async Task<(byte[] Manifest, string SSTable)> CopyAsync(RpcClientPool clients, string master, string dataDir, CancellationToken ct)
    {
        Directory.CreateDirectory(DumpStore.DirectoryOf(dataDir));
        var target = Path.Combine(DumpStore.DirectoryOf(dataDir), "copy.tmp");
        byte[]? manifest = null;
        ulong seq = 0;
        await FileChunks.DownloadAsync(target, async offset =>
        {
            var chunk = await clients.CallAsync(master, PacketCodes.UpsFetchDump,
                new FetchDumpRequest { DumpSeq = seq, Offset = offset, MaxBytes = FileChunks.MaxChunkBytes }, FetchDumpResponse.Parser, cancellationToken: ct).ConfigureAwait(false);
            if (offset == 0)
            {
                manifest = chunk.Manifest.ToByteArray();
                seq = chunk.DumpSeq;
            }
            return (chunk.Data.Memory, chunk.TotalBytes);
        }, $"the newest dump on {master}", ct).ConfigureAwait(false);
        return (manifest!, target);
    }
}
