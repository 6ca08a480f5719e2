namespace OceanClassic.Common.Storage;

// Copying a file between servers in bounded RPC chunks: the holder serves one chunk at an offset,
// the receiver pulls chunks in order into a local file and fsyncs it (a UPS backup copying the
// master's dump, a ChunkServer copying a tablet's SSTable from another replica).
public static class FileChunks
{
    public const int MaxChunkBytes = 4 << 20;

    // Up to maxBytes (capped at MaxChunkBytes) from offset, and the file's length.
    public static async ValueTask<(ReadOnlyMemory<byte> Data, long Total)> ReadAsync(string path, long offset, int maxBytes, CancellationToken ct)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var total = RandomAccess.GetLength(file);
        var length = (int)Math.Clamp(total - offset, 0, Math.Clamp(maxBytes, 1, MaxChunkBytes));
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(read), offset + read, ct).ConfigureAwait(false);
            if (n == 0)
                break;
            read += n;
        }
        return (buffer.AsMemory(0, read), total);
    }

    // Pulls the whole file into target (created or truncated) through fetch(offset) and fsyncs it.
    // A chunk that comes back empty before the end means the source changed under the copy.
    public static async Task DownloadAsync(string target, Func<long, ValueTask<(ReadOnlyMemory<byte> Data, long Total)>> fetch, string source, CancellationToken ct)
    {
        long offset = 0, total;
        await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        do
        {
            var (data, length) = await fetch(offset).ConfigureAwait(false);
            total = length;
            if (data.IsEmpty && offset < total)
                throw new IOException($"copy of {source} stopped at {offset} of {total} bytes");
            await output.WriteAsync(data, ct).ConfigureAwait(false);
            offset += data.Length;
        }
        while (offset < total);
        await output.FlushAsync(ct).ConfigureAwait(false);
        output.Flush(flushToDisk: true);
    }
}
