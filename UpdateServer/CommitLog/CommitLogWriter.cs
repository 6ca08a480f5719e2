namespace OceanClassic.UpdateServer.CommitLog;

// Appends batches to the current log file and rotates to a new file once the current one has
// reached the size limit. Used only by the group committer's loop (one thread).
// The file is kept zero-filled ahead of the write position (PreallocateBytes at a time): an fsync
// of a write that does not change the file's size or block map needs no journal commit, which
// makes it about twice as fast on ext4. Replay cuts the zero tail off the last file; rotation
// cuts it off before the next file starts, so only the newest file ever has one.
// With fsync on, files are written with O_DIRECT where the file system takes it (DirectCommitLogFile),
// a batch that fits the zeros already durable with one RWF_DSYNC write (no separate fdatasync).
public sealed class CommitLogWriter : IDisposable
{
    public const int PreallocateBytes = 1 << 20;

    private readonly string _directory;
    private readonly long _rotateBytes;
    private readonly bool _sync;
    private readonly bool _direct;
    private ICommitLogFile? _file;
    private long _position;
    private long _allocatedEnd;
    private long _fsyncs;
    private long _rotations;

    // Continues `lastFile` (as left by replay, which cut any zero tail) when it is below the limit.
    // `directIo`: O_DIRECT writes and fdatasync when `sync` (falls back to the page cache where refused).
    public CommitLogWriter(string directory, long rotateBytes, bool sync, string? lastFile, bool directIo = true)
    {
        _directory = directory;
        _rotateBytes = rotateBytes;
        _sync = sync;
        _direct = sync && directIo;
        Directory.CreateDirectory(directory);
        if (lastFile is not null && new FileInfo(lastFile).Length < rotateBytes)
        {
            _file = Open(lastFile, create: false);
            _position = _allocatedEnd = _file.Length;
        }
    }

    public long Fsyncs => Interlocked.Read(ref _fsyncs);
    public long Rotations => Interlocked.Read(ref _rotations);
    public string? CurrentFile => _file?.Path;

    // Whether the live file is written with O_DIRECT (false before the first write, or where refused).
    public bool IsDirect => _file is DirectCommitLogFile;

    // Batches of the live file made durable by one RWF_DSYNC write (the rest: write + fdatasync).
    public long DataSyncWrites => (_file as DirectCommitLogFile)?.DataSyncWrites ?? 0;

    public void Write(ReadOnlySpan<byte> batch, ulong firstSequence)
    {
        if (_file is null || _position >= _rotateBytes)
            Rotate(firstSequence);
        // Zeros from the allocated end to past the batch: the fdatasync after this write makes them
        // (and the file's new size) durable along with it, and the writes after it are then plain
        // overwrites, which one durable write (AppendDurable: RWF_DSYNC where taken) covers.
        var extended = false;
        if (_sync && _position + batch.Length > _allocatedEnd)
        {
            _allocatedEnd = _file!.ZeroFill(_allocatedEnd, Math.Max(_position + batch.Length, _position + PreallocateBytes));
            extended = true;
        }
        if (_sync && !extended)
        {
            _file!.AppendDurable(batch, _position);
        }
        else
        {
            _file!.Append(batch, _position);
            if (_sync)
                _file.Sync();
        }
        if (_sync)
            Interlocked.Increment(ref _fsyncs);
        _position += batch.Length;
    }

    // After a Write that threw (disk full, I/O error): the file is cut back to the end of the last
    // batch written whole (the failed batch's bytes and the zeros it added are gone, durably), and
    // the next write zero-fills ahead again. The log then ends at its last acknowledged entry.
    public void RollBack()
    {
        if (_file is null)
            return;
        _file.Truncate(_position, _sync);
        _allocatedEnd = _position;
    }

    private void Rotate(ulong firstSequence)
    {
        if (_file is not null)
        {
            // The zero tail goes before the next file exists: only the newest file may have one.
            _file.Truncate(_position, _sync);
            _file.Dispose();
            _file = null; // a failed Open leaves no closed file behind
            Interlocked.Increment(ref _rotations);
        }
        _file = Open(Path.Combine(_directory, CommitLogFiles.FileName(firstSequence)), create: true);
        _position = _allocatedEnd = 0;
    }

    private ICommitLogFile Open(string path, bool create) =>
        (ICommitLogFile?)(_direct ? DirectCommitLogFile.TryOpen(path, create) : null)
        ?? new BufferedCommitLogFile(path, create ? FileMode.CreateNew : FileMode.Open);

    // A clean stop leaves the file ending at its last entry.
    public void Dispose()
    {
        if (_file is null)
            return;
        try
        {
            if (_allocatedEnd > _position)
                _file.Truncate(_position, _sync);
        }
        catch (IOException)
        {
            // Replay cuts the zero tail instead.
        }
        _file.Dispose();
        _file = null;
    }
}
