using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;
using OceanClassic.Common.Storage;

namespace OceanClassic.UpdateServer.CommitLog;

// O_DIRECT writes of whole 4 KiB pages plus fdatasync. Against page-cache writes plus fdatasync this
// measured 32-45 µs instead of 40-62 µs of CPU per commit on this VM's disk, and 92-114 µs instead of
// 104-145 µs per commit: no page-cache copy, dirty-page tracking or writeback pass. An append
// rewrites the partial page it starts in, from a copy of that page's bytes kept here; the rewritten
// bytes are the same, so a torn page write cannot damage entries already acknowledged.
// A durable append (AppendDurable) is one pwritev2(RWF_DSYNC) instead of a write and an fdatasync: the
// kernel flushes the device's cache before the call returns, as fdatasync would (this VM's disk takes
// no FUA, so it is still a write and a flush, one system call fewer); where the kernel does not take the
// flag, write + fdatasync as before.
internal sealed class DirectCommitLogFile : ICommitLogFile
{
    private const int Page = PageBuffer.Page;
    private const int ZeroChunk = 256 << 10;

    private readonly SafeFileHandle _handle;
    private PageBuffer _buffer = new(64 << 10);
    private readonly byte[] _tail = new byte[Page];
    private int _tailLength;
    private long _length;
    // The kernel refused RWF_DSYNC once (before Linux 4.7): write + fdatasync from then on.
    private bool _dataSyncRefused;

    private DirectCommitLogFile(string path, SafeFileHandle handle, long length)
    {
        Path = path;
        _handle = handle;
        _length = length;
    }

    public string Path { get; }
    public long Length => _length;

    // Null where the file system does not take O_DIRECT. An existing file continues after its
    // `length` bytes of entries.
    public static DirectCommitLogFile? TryOpen(string path, bool create)
    {
        var handle = PosixFile.TryOpenDirect(path, create);
        if (handle is null)
            return null;
        var file = new DirectCommitLogFile(path, handle, RandomAccess.GetLength(handle));
        try
        {
            file.LoadTail(file._length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return file;
    }

    // Appends made durable with one RWF_DSYNC write each (the rest, if any, wrote and synced apart).
    public long DataSyncWrites { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes, long position)
    {
        var span = Compose(bytes, position, out var pageStart);
        RandomAccess.Write(_handle, span, pageStart);
        Appended(span, pageStart, position + bytes.Length);
    }

    public void AppendDurable(ReadOnlySpan<byte> bytes, long position)
    {
        var span = Compose(bytes, position, out var pageStart);
        var written = _dataSyncRefused ? -1 : PosixFile.TryWriteDataSync(_handle, _buffer.Address, span.Length, pageStart);
        if (written == span.Length)
        {
            DataSyncWrites++;
        }
        else
        {
            // Refused (nothing written), or cut short: the rest goes the plain way, then one fdatasync for all.
            _dataSyncRefused |= written < 0;
            var done = (int)Math.Max(0, written);
            RandomAccess.Write(_handle, span[done..], pageStart + done);
            Sync();
        }
        Appended(span, pageStart, position + bytes.Length);
    }

    // The pages to write for `bytes` at `position`: the partial page it starts in (its kept bytes), the
    // bytes, and zeros to the page end, in the aligned buffer.
    private Span<byte> Compose(ReadOnlySpan<byte> bytes, long position, out long pageStart)
    {
        pageStart = position - (position % Page);
        if (position - pageStart != _tailLength)
            ThrowNotContinuing(position, pageStart);
        var used = _tailLength + bytes.Length;
        var span = Buffer(RoundUp(used));
        _tail.AsSpan(0, _tailLength).CopyTo(span);
        bytes.CopyTo(span[_tailLength..]);
        span[used..].Clear();
        return span;
    }

    private void Appended(ReadOnlySpan<byte> span, long pageStart, long end)
    {
        _length = Math.Max(_length, pageStart + span.Length);
        _tailLength = (int)(end % Page);
        span.Slice((int)(end - _tailLength - pageStart), _tailLength).CopyTo(_tail);
    }

    // Whole zero pages; the partial page before `from` is written by the append that fills it.
    public long ZeroFill(long from, long to)
    {
        var start = RoundUp(from);
        var end = RoundUp(to);
        var zeros = Buffer(Math.Min(ZeroChunk, (int)Math.Max(Page, end - start)));
        zeros.Clear();
        for (var at = start; at < end; at += zeros.Length)
            RandomAccess.Write(_handle, zeros[..(int)Math.Min(zeros.Length, end - at)], at);
        _length = Math.Max(_length, end);
        return end;
    }

    public void Sync() => PosixFile.DataSync(_handle);

    public void Truncate(long length, bool sync)
    {
        RandomAccess.SetLength(_handle, length);
        _length = length;
        if (sync)
            PosixFile.Sync(_handle);
        LoadTail(length);
    }

    public void Dispose() => _handle.Dispose();

    private void LoadTail(long length)
    {
        _tailLength = (int)(length % Page);
        if (_tailLength == 0)
            return;
        var page = Buffer(Page);
        var read = RandomAccess.Read(_handle, page, length - _tailLength);
        if (read < _tailLength)
            throw new IOException($"{Path}: read {read} of the last page's {_tailLength} bytes");
        page[.._tailLength].CopyTo(_tail);
    }

    private Span<byte> Buffer(int length)
    {
        if (length > _buffer.Capacity)
            _buffer = new PageBuffer(RoundUp(Math.Max(length, _buffer.Capacity * 2)));
        return _buffer.Span[..length];
    }

    [DoesNotReturn]
    private void ThrowNotContinuing(long position, long pageStart) =>
        throw new InvalidOperationException($"append at {position} does not continue the log's last page ({pageStart} + {_tailLength})");

    private static int RoundUp(int value) => PageBuffer.RoundUp(value);

    private static long RoundUp(long value) => PageBuffer.RoundUp(value);
}
