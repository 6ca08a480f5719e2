namespace OceanClassic.UpdateServer.CommitLog;

// Appends batches to the current log file and rotates to a new file once the current one has
// reached the size limit. Used only by the group committer's loop (one thread).
public sealed class CommitLogWriter : IDisposable
{
    private readonly string _directory;
    private readonly long _rotateBytes;
    private readonly bool _sync;
    private FileStream? _file;
    private long _fsyncs;
    private long _rotations;

    // Continues `lastFile` (as left by replay) when it is still below the limit.
    public CommitLogWriter(string directory, long rotateBytes, bool sync, string? lastFile)
    {
        _directory = directory;
        _rotateBytes = rotateBytes;
        _sync = sync;
        Directory.CreateDirectory(directory);
        if (lastFile is not null && new FileInfo(lastFile).Length < rotateBytes)
            _file = Open(lastFile, FileMode.Append);
    }

    public long Fsyncs => Interlocked.Read(ref _fsyncs);
    public long Rotations => Interlocked.Read(ref _rotations);
    public string? CurrentFile => _file?.Name;

    public void Write(ReadOnlySpan<byte> batch, ulong firstSequence)
    {
        if (_file is null || _file.Length >= _rotateBytes)
            Rotate(firstSequence);
        _file!.Write(batch);
        if (_sync)
        {
            _file.Flush(flushToDisk: true);
            Interlocked.Increment(ref _fsyncs);
        }
    }

    private void Rotate(ulong firstSequence)
    {
        if (_file is not null)
        {
            _file.Flush(flushToDisk: _sync);
            _file.Dispose();
            Interlocked.Increment(ref _rotations);
        }
        _file = Open(Path.Combine(_directory, CommitLogFiles.FileName(firstSequence)), FileMode.CreateNew);
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0);

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}
