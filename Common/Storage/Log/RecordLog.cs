using System.Buffers.Binary;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Storage;

namespace OceanClassic.Common.Log;

// An append-only file of records: [u32 magic][u32 payload length][u64 CRC-64 of payload][payload].
// Reading stops at a torn or corrupt tail, which is truncated away; a corrupt record followed by
// more data is an error (never silently skip acknowledged data). Used where the volume is small
// (the RootServer's schema/root-table log); the UPS commit log has its own batched format.
public sealed class RecordLog : IAsyncDisposable
{
    public const uint Magic = 0x474C524F; // "ORLG"
    private const int HeaderSize = 16;
    public const int MaxRecordBytes = 64 << 20;

    private readonly FileStream _stream;
    private readonly bool _fsync;

    private RecordLog(FileStream stream, bool fsync)
    {
        _stream = stream;
        _fsync = fsync;
    }

    public string Path => _stream.Name;
    public long Length => _stream.Length;

    // Reads every complete record, truncates a torn tail, and opens the file for appending.
    public static (RecordLog Log, List<byte[]> Records, bool TruncatedTail) Open(string path, bool fsync = true)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var records = new List<byte[]>();
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        var pos = 0;
        var truncated = false;
        while (pos < data.Length)
        {
            var ok = TryReadRecord(data, pos, out var payload, out var next);
            if (!ok)
            {
                if (!IsTail(data, pos))
                {
                    stream.Dispose();
                    throw new InvalidDataException($"{path}: corrupt record at offset {pos} followed by more records; refusing to skip data");
                }
                stream.SetLength(pos);
                stream.Flush(flushToDisk: true);
                truncated = true;
                break;
            }
            records.Add(payload!);
            pos = next;
        }
        stream.Seek(0, SeekOrigin.End);
        return (new RecordLog(stream, fsync), records, truncated);
    }

    private static bool TryReadRecord(byte[] data, int pos, out byte[]? payload, out int next)
    {
        payload = null;
        next = pos;
        if (data.Length - pos < HeaderSize)
            return false;
        var span = data.AsSpan(pos);
        if (BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic)
            return false;
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
        if (length < 0 || length > MaxRecordBytes || data.Length - pos - HeaderSize < length)
            return false;
        var crc = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
        var body = span.Slice(HeaderSize, length);
        if (Crc64.Compute(body) != crc)
            return false;
        payload = body.ToArray();
        next = pos + HeaderSize + length;
        return true;
    }

    // A bad record counts as a torn tail only if no valid record starts after it.
    private static bool IsTail(byte[] data, int pos)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, Magic);
        for (var p = pos + 1; p <= data.Length - HeaderSize; p++)
        {
            var at = data.AsSpan(p).IndexOf(magic);
            if (at < 0)
                return true;
            p += at;
            if (TryReadRecord(data, p, out _, out _))
                return false;
        }
        return true;
    }

    public async Task AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var buffer = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4), payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8), Crc64.Compute(payload.Span));
        payload.Span.CopyTo(buffer.AsSpan(HeaderSize));
        await _stream.WriteAsync(buffer, ct).ConfigureAwait(false);
        if (_fsync)
            _stream.Flush(flushToDisk: true);
        else
            await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public void Reset()
    {
        _stream.SetLength(0);
        _stream.Flush(flushToDisk: true);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
