namespace OceanClassic.UpdateServer.CommitLog;

// Writes through the page cache and fsyncs: the fallback where O_DIRECT is not available, and the
// file for log_sync_type 0 (no fsync at all).
internal sealed class BufferedCommitLogFile(string path, FileMode mode) : ICommitLogFile
{
    private static readonly byte[] Zeros = new byte[64 << 10];

    private readonly FileStream _stream = new(path, mode, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);

    public string Path => _stream.Name;
    public long Length => _stream.Length;

    public void Append(ReadOnlySpan<byte> bytes, long position)
    {
        _stream.Position = position;
        _stream.Write(bytes);
    }

    public long ZeroFill(long from, long to)
    {
        _stream.Position = from;
        while (_stream.Position < to)
            _stream.Write(Zeros, 0, (int)Math.Min(Zeros.Length, to - _stream.Position));
        return to;
    }

    public void Sync() => _stream.Flush(flushToDisk: true);

    public void AppendDurable(ReadOnlySpan<byte> bytes, long position)
    {
        Append(bytes, position);
        Sync();
    }

    public void Truncate(long length, bool sync)
    {
        _stream.SetLength(length);
        _stream.Flush(flushToDisk: sync);
    }

    public void Dispose() => _stream.Dispose();
}
