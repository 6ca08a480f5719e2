using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;
using OceanClassic.Common.Checksums;

namespace OceanClassic.Common.Storage;

// Streams rows (strictly increasing rowkeys) into a new SSTable. Memory is one block buffer, the
// block index and 8 bytes per row for the bloom filter (it is sized only once the row count is
// known). The file is written under a temp name, fsynced, renamed and the directory fsynced, so a
// crash never leaves a torn SSTable under the final name.
public sealed class SSTableWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _tempPath;
    private readonly SSTableWriterOptions _options;
    private readonly SafeFileHandle? _file;
    private readonly DirectFileWriter? _direct;
    private readonly BlockCompression _compression;
    private readonly ArrayBufferWriter<byte> _row = new(256);
    private readonly ArrayBufferWriter<byte> _block;
    private readonly List<int> _rowOffsets = [];
    private readonly List<SSTableBlockHandle> _blocks = [];
    private readonly List<ulong> _keyHashes = [];
    private byte[]? _minKey;
    private byte[]? _lastKey;
    private byte[]? _blockLastKey;
    private long _fileOffset;
    private readonly System.IO.Hashing.Crc64 _dataChecksum = Crc64.CreateRunning();
    private bool _finished;

    private SSTableWriter(string path, SSTableWriterOptions options)
    {
        _path = path;
        _tempPath = path + ".tmp";
        _options = options;
        _block = new ArrayBufferWriter<byte>(options.BlockSize + 1024);
        _compression = new BlockCompression(options.Compressor);
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        _direct = options.DirectIo ? DirectFileWriter.TryCreate(_tempPath) : null;
        if (_direct is null)
            _file = File.OpenHandle(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None);
    }

    public static SSTableWriter Create(string path, SSTableWriterOptions? options = null)
    {
        options ??= new SSTableWriterOptions();
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        return new SSTableWriter(path, options);
    }

    public string Path => _path;
    // Whether DirectIo was asked for and the file system took it.
    public bool IsDirect => _direct is not null;
    public long RowCount { get; private set; }

    // Bytes the file would have if finished now (data so far + the open block), used to cut tablets.
    public long EstimatedSize => _fileOffset + _block.WrittenCount;

    public ValueTask AddRowAsync(SSTableRow row, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_lastKey is not null && row.Key.AsSpan().SequenceCompareTo(_lastKey) <= 0)
            ThrowOutOfOrder(row.Key, _lastKey);
        _row.ResetWrittenCount();
        SSTableRowCodec.Write(_row, row);
        return AddWrittenRowAsync(row.Key, ct);
    }

    // A row whose cells are already encoded as SSTableRowCodec writes them ((varint column id, cell)
    // pairs): copied as they are, with no decoding into values (the UPS dump of MemTable cells).
    public ValueTask AddEncodedRowAsync(byte[] key, SSTableRowKind kind, int cellCount, ReadOnlySpan<byte> encodedCells, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_lastKey is not null && key.AsSpan().SequenceCompareTo(_lastKey) <= 0)
            ThrowOutOfOrder(key, _lastKey);
        _row.ResetWrittenCount();
        SSTableRowCodec.WriteEncoded(_row, key, kind, cellCount, encodedCells);
        return AddWrittenRowAsync(key, ct);
    }

    // The row's bytes are in _row.
    private ValueTask AddWrittenRowAsync(byte[] key, CancellationToken ct)
    {
        _dataChecksum.Append(_row.WrittenSpan);
        if (_options.UseBloomFilter)
            _keyHashes.Add(KeyHash.Hash64(key));
        _minKey ??= key;
        _lastKey = key;
        RowCount++;

        // A block holds whole rows; a row that does not fit starts the next block.
        if (_rowOffsets.Count > 0 && BlockBytesWith(_row.WrittenCount) > _options.BlockSize)
            return FlushThenAppendAsync(key, ct);
        AppendRow(key);
        return _block.WrittenCount >= _options.BlockSize ? FlushBlockAsync(ct) : ValueTask.CompletedTask;
    }

    public async Task<SSTableInfo> FinishAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        await FlushBlockAsync(ct).ConfigureAwait(false);

        var tail = new ArrayBufferWriter<byte>(4096);
        var bloomOffset = _fileOffset;
        long bloomLength = 0;
        if (_options.UseBloomFilter)
        {
            var bloom = new BloomFilter(_keyHashes.Count, _options.BloomBitsPerKey);
            foreach (var h in _keyHashes)
                bloom.AddHash(h);
            bloomLength = bloom.SerializedSize;
            bloom.WriteTo(tail.GetSpan(bloom.SerializedSize));
            tail.Advance(bloom.SerializedSize);
        }
        var bloomCrc = Crc64.Compute(tail.WrittenSpan);

        var indexOffset = bloomOffset + tail.WrittenCount;
        SSTableBlockIndex.Write(tail, _blocks);
        var indexLength = bloomOffset + tail.WrittenCount - indexOffset;
        var indexCrc = Crc64.Compute(tail.WrittenSpan[(int)(indexOffset - bloomOffset)..]);

        var minKey = _minKey ?? [];
        var maxKey = _lastKey ?? [];
        var keysOffset = bloomOffset + tail.WrittenCount;
        tail.Write(minKey);
        tail.Write(maxKey);
        var keysCrc = Crc64.Compute(tail.WrittenSpan[(int)(keysOffset - bloomOffset)..]);

        var trailer = new SSTableTrailer
        {
            Compressor = _options.Compressor,
            Flags = _options.UseBloomFilter ? SSTableTrailer.FlagBloom : (byte)0,
            BlockSize = _options.BlockSize,
            BlockCount = _blocks.Count,
            RowCount = RowCount,
            DataEnd = bloomOffset,
            IndexOffset = indexOffset,
            IndexLength = indexLength,
            IndexCrc = indexCrc,
            BloomOffset = bloomOffset,
            BloomLength = bloomLength,
            BloomCrc = bloomCrc,
            MinKeyOffset = keysOffset,
            MinKeyLength = minKey.Length,
            MaxKeyOffset = keysOffset + minKey.Length,
            MaxKeyLength = maxKey.Length,
            KeysCrc = keysCrc,
            DataChecksum = _dataChecksum.GetCurrentHashAsUInt64(),
        };
        trailer.Write(tail.GetSpan(SSTableTrailer.Size));
        tail.Advance(SSTableTrailer.Size);
        await WriteAsync(tail.WrittenMemory, ct).ConfigureAwait(false);

        if (_direct is not null)
        {
            await _direct.FinishAsync(ct).ConfigureAwait(false);
            _direct.Dispose();
        }
        else
        {
            RandomAccess.FlushToDisk(_file!);
            _file!.Dispose();
        }
        _finished = true;
        File.Move(_tempPath, _path, overwrite: true);
        PosixFile.SyncDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path))!);
        _compression.Dispose();
        return new SSTableInfo(_path, RowCount, _fileOffset, _dataChecksum.GetCurrentHashAsUInt64(), minKey, maxKey, _blocks.Count);
    }

    // Abandons an unfinished file (its temp file is deleted).
    public ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            _file?.Dispose();
            _direct?.Dispose();
            _compression.Dispose();
            File.Delete(_tempPath);
        }
        return ValueTask.CompletedTask;
    }

    private int BlockBytesWith(int rowBytes) => _block.WrittenCount + rowBytes + ((_rowOffsets.Count + 2) * 4);

    private async ValueTask FlushThenAppendAsync(byte[] key, CancellationToken ct)
    {
        await FlushBlockAsync(ct).ConfigureAwait(false);
        AppendRow(key);
        if (_block.WrittenCount >= _options.BlockSize)
            await FlushBlockAsync(ct).ConfigureAwait(false);
    }

    private void AppendRow(byte[] key)
    {
        _blockLastKey = key;
        _rowOffsets.Add(_block.WrittenCount);
        _block.Write(_row.WrittenSpan);
    }

    private async ValueTask FlushBlockAsync(CancellationToken ct)
    {
        if (_rowOffsets.Count == 0)
            return;
        var trailer = _block.GetSpan((_rowOffsets.Count + 1) * 4);
        for (var i = 0; i < _rowOffsets.Count; i++)
            BinaryPrimitives.WriteInt32LittleEndian(trailer[(i * 4)..], _rowOffsets[i]);
        BinaryPrimitives.WriteInt32LittleEndian(trailer[(_rowOffsets.Count * 4)..], _rowOffsets.Count);
        _block.Advance((_rowOffsets.Count + 1) * 4);

        var stored = _compression.Compress(_block.WrittenMemory, out var compressed);
        _blocks.Add(new SSTableBlockHandle(_blockLastKey!, _fileOffset, stored.Length, _block.WrittenCount, compressed,
            Crc64.Compute(stored.Span), _rowOffsets.Count));
        await WriteAsync(stored, ct).ConfigureAwait(false);
        _block.ResetWrittenCount();
        _rowOffsets.Clear();
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (_direct is not null)
            await _direct.WriteAsync(bytes, ct).ConfigureAwait(false);
        else
            await RandomAccess.WriteAsync(_file!, bytes, _fileOffset, ct).ConfigureAwait(false);
        _fileOffset += bytes.Length;
    }

    [DoesNotReturn]
    private static void ThrowOutOfOrder(byte[] key, byte[] last) =>
        throw new ArgumentException(
            $"rows must come in strictly increasing key order: {Convert.ToHexString(key)} after {Convert.ToHexString(last)}");
}
