using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Dump;

// Copying a dump from the master to a backup whose next log entry the master no longer has (0.4's
// backup UPS fetched the master's SSTables the same way before following its log).
public static class DumpShipping
{
    public const int MaxChunkBytes = 4 << 20;

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
        using var file = File.OpenHandle(newest.SSTablePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var total = RandomAccess.GetLength(file);
        response.TotalBytes = total;
        if (request.Offset == 0)
            response.Manifest = ByteString.CopyFrom(await File.ReadAllBytesAsync(newest.ManifestPath, ct).ConfigureAwait(false));
        var length = (int)Math.Clamp(total - request.Offset, 0, Math.Clamp(request.MaxBytes, 1, MaxChunkBytes));
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(read), request.Offset + read, ct).ConfigureAwait(false);
            if (n == 0)
                break;
            read += n;
        }
        response.Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read));
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
        long offset = 0, total;
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            do
            {
                var chunk = await clients.CallAsync(master, PacketCodes.UpsFetchDump,
                    new FetchDumpRequest { DumpSeq = seq, Offset = offset, MaxBytes = MaxChunkBytes }, FetchDumpResponse.Parser, cancellationToken: ct).ConfigureAwait(false);
                if (offset == 0)
                {
                    manifest = chunk.Manifest.ToByteArray();
                    seq = chunk.DumpSeq;
                }
                total = chunk.TotalBytes;
                if (chunk.Data.IsEmpty && offset < total)
                    throw new IOException($"dump {seq} copy from {master} stopped at {offset} of {total} bytes");
                await output.WriteAsync(chunk.Data.Memory, ct).ConfigureAwait(false);
                offset += chunk.Data.Length;
            }
            while (offset < total);
            await output.FlushAsync(ct).ConfigureAwait(false);
            output.Flush(flushToDisk: true);
        }
        return (manifest!, target);
    }
}
