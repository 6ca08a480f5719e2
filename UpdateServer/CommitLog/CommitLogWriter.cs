namespace OceanClassic.UpdateServer.CommitLog;

// Appends batches to the current log file and rotates to a new file once the current one has
// reached the size limit. Used only by the group committer's loop (one thread).
// The file is kept zero-filled ahead of the write position (PreallocateBytes at a time): an fsync
// of a write that does not change the file's size or block map needs no journal commit, which
// makes it about twice as fast on ext4. Replay cuts the zero tail off the last file; rotation
// cuts it off before the next file starts, so only the newest file ever has one.
public sealed class CommitLogWriter : IDisposable
{
    public const int PreallocateBytes = 1 << 20;
    private static readonly byte[] Zeros = new byte[PreallocateBytes];

    private readonly string _directory;
    private readonly long _rotateBytes;
    private readonly bool _sync;
    private FileStream? _file;
    private long _position;
    private long _allocatedEnd;
    private long _fsyncs;
    private long _rotations;

    // Continues `lastFile` (as left by replay, which cut any zero tail) when it is below the limit.
    public CommitLogWriter(string directory, long rotateBytes, bool sync, string? lastFile)
    {
        _directory = directory;
        _rotateBytes = rotateBytes;
        _sync = sync;
        Directory.CreateDirectory(directory);
        if (lastFile is not null && new FileInfo(lastFile).Length < rotateBytes)
        {
            _file = Open(lastFile, FileMode.Open);
            _position = _allocatedEnd = _file.Length;
        }
    }

    public long Fsyncs => Interlocked.Read(ref _fsyncs);
    public long Rotations => Interlocked.Read(ref _rotations);
    public string? CurrentFile => _file?.Name;

    public void Write(ReadOnlySpan<byte> batch, ulong firstSequence)
    {
        if (_file is null || _position >= _rotateBytes)
            Rotate(firstSequence);
        if (_sync && _position + batch.Length > _allocatedEnd)
            Preallocate(_position + batch.Length);
        _file!.Position = _position;
        _file.Write(batch);
        _position += batch.Length;
        if (_sync)
        {
            _file.Flush(flushToDisk: true);
            Interlocked.Increment(ref _fsyncs);
        }
    }

    // Zeros from the allocated end to past `needed` (the fsync after this write makes them
    // durable along with the batch; the ones after it are then plain overwrites).
    private void Preallocate(long needed)
    {
        var end = Math.Max(needed, _position + PreallocateBytes);
        _file!.Position = _allocatedEnd;
        while (_file.Position < end)
            _file.Write(Zeros, 0, (int)Math.Min(Zeros.Length, end - _file.Position));
        _allocatedEnd = end;
    }

    private void Rotate(ulong firstSequence)
    {
        if (_file is not null)
        {
            // The zero tail goes before the next file exists: only the newest file may have one.
            _file.SetLength(_position);
            _file.Flush(flushToDisk: _sync);
            _file.Dispose();
            Interlocked.Increment(ref _rotations);
        }
        _file = Open(Path.Combine(_directory, CommitLogFiles.FileName(firstSequence)), FileMode.CreateNew);
        _position = _allocatedEnd = 0;
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, mode, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);

    // A clean stop leaves the file ending at its last entry.
    public void Dispose()
    {
        if (_file is null)
            return;
        try
        {
            if (_allocatedEnd > _position)
            {
                _file.SetLength(_position);
                _file.Flush(flushToDisk: _sync);
            }
        }
        catch (IOException)
        {
            // Replay cuts the zero tail instead.
        }
        _file.Dispose();
        _file = null;
    }
}
