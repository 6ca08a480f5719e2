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

    // Master: one chunk of its newest dump or of one the newest continues (the manifest rides
    // with the first chunk).
    public static async ValueTask<FetchDumpResponse> ServeAsync(string dataDir, FetchDumpRequest request, CancellationToken ct)
    {
        var seq = request.DumpSeq;
        if (seq == 0 && DumpStore.Newest(dataDir) is { } newest)
            seq = newest.LogSequence;
        var manifestPath = DumpStore.ManifestPath(dataDir, seq);
        if (seq == 0 || !File.Exists(manifestPath))
            throw new RpcException(RpcErrorCodes.Internal, $"dump {request.DumpSeq} is not here any more; start the copy again");
        var response = new FetchDumpResponse { DumpSeq = seq };
        try
        {
            if (request.Offset == 0)
                response.Manifest = ByteString.CopyFrom(await File.ReadAllBytesAsync(manifestPath, ct).ConfigureAwait(false));
            var (data, total) = await FileChunks.ReadAsync(DumpStore.SSTablePath(dataDir, seq), request.Offset, request.MaxBytes, ct).ConfigureAwait(false);
            response.TotalBytes = total;
            response.Data = UnsafeByteOperations.UnsafeWrap(data);
        }
        catch (FileNotFoundException)
        {
            throw new RpcException(RpcErrorCodes.Internal, $"dump {seq} is not here any more; start the copy again");
        }
        return response;
    }

    // Backup: copies the master's newest dump and every dump it continues into <dump dir>/copy-*.tmp;
    // returns the chain base first, each as manifest bytes and copied file (checked against the
    // manifest when the engine loads it).
    public static async Task<List<(byte[] Manifest, string SSTable)>> CopyAsync(RpcClientPool clients, string master, string dataDir, CancellationToken ct)
    {
        Directory.CreateDirectory(DumpStore.DirectoryOf(dataDir));
        var chain = new List<(byte[] Manifest, string SSTable)>();
        ulong seq = 0;
        while (true)
        {
            var target = Path.Combine(DumpStore.DirectoryOf(dataDir), $"copy-{chain.Count}.tmp");
            byte[]? manifestBytes = null;
            await FileChunks.DownloadAsync(target, async offset =>
            {
                var chunk = await clients.CallAsync(master, PacketCodes.UpsFetchDump,
                    new FetchDumpRequest { DumpSeq = seq, Offset = offset, MaxBytes = FileChunks.MaxChunkBytes }, FetchDumpResponse.Parser, cancellationToken: ct).ConfigureAwait(false);
                if (offset == 0)
                {
                    manifestBytes = chunk.Manifest.ToByteArray();
                    seq = chunk.DumpSeq;
                }
                return (chunk.Data.Memory, chunk.TotalBytes);
            }, $"dump {(seq == 0 ? "(newest)" : seq)} on {master}", ct).ConfigureAwait(false);
            chain.Add((manifestBytes!, target));
            DumpManifest manifest;
            try
            {
                manifest = DumpManifest.Decode(manifestBytes!);
            }
            catch (FormatException ex)
            {
                throw new DumpCorruptException($"the manifest of dump {seq} copied from {master} is damaged ({ex.Message})", ex);
            }
            if (manifest.IsBase)
                break;
            seq = manifest.PreviousSequence;
        }
        chain.Reverse();
        return chain;
    }
}
