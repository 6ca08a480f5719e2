using System.IO.Compression;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace OceanClassic.Common.Storage;

// Compresses one data block. A block that does not shrink is stored raw (the index entry says so),
// so incompressible data never costs more than it weighs.
internal sealed class BlockCompression : IDisposable
{
    private const int BrotliQuality = 4;
    private const int BrotliWindow = 22;

    private const int ZstdLevel = 3;

    private readonly SSTableCompressor _compressor;
    private readonly MemoryStream _deflateOutput = new();
    private byte[] _output = [];
    private Compressor? _zstd;

    public BlockCompression(SSTableCompressor compressor) => _compressor = compressor;

    // Returns the stored bytes (valid until the next call) and whether they are compressed.
    public ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> raw, out bool compressed)
    {
        compressed = false;
        ReadOnlyMemory<byte> packed;
        switch (_compressor)
        {
            case SSTableCompressor.Deflate:
                _deflateOutput.SetLength(0);
                using (var deflate = new DeflateStream(_deflateOutput, CompressionLevel.Fastest, leaveOpen: true))
                    deflate.Write(raw.Span);
                packed = _deflateOutput.GetBuffer().AsMemory(0, (int)_deflateOutput.Length);
                break;
            case SSTableCompressor.Brotli:
                {
                    var output = Output(BrotliEncoder.GetMaxCompressedLength(raw.Length));
                    if (!BrotliEncoder.TryCompress(raw.Span, output, out var written, BrotliQuality, BrotliWindow))
                        return raw;
                    packed = output.AsMemory(0, written);
                    break;
                }
            case SSTableCompressor.Lz4:
                {
                    var output = Output(LZ4Codec.MaximumOutputSize(raw.Length));
                    var written = LZ4Codec.Encode(raw.Span, output, LZ4Level.L00_FAST);
                    if (written <= 0)
                        return raw;
                    packed = output.AsMemory(0, written);
                    break;
                }
            case SSTableCompressor.Zstd:
                {
                    var output = Output(Compressor.GetCompressBound(raw.Length));
                    var written = (_zstd ??= new Compressor(ZstdLevel)).Wrap(raw.Span, output);
                    packed = output.AsMemory(0, written);
                    break;
                }
            default:
                return raw;
        }
        if (packed.Length >= raw.Length)
            return raw;
        compressed = true;
        return packed;
    }

    // Inflates exactly rawLength bytes; anything else is corruption (the caller adds file/block).
    public static byte[] Decompress(SSTableCompressor compressor, ArraySegment<byte> stored, int rawLength)
    {
        var raw = new byte[rawLength];
        switch (compressor)
        {
            case SSTableCompressor.Deflate:
                {
                    using var input = new MemoryStream(stored.Array!, stored.Offset, stored.Count, writable: false);
                    using var deflate = new DeflateStream(input, CompressionMode.Decompress);
                    deflate.ReadExactly(raw);
                    if (deflate.Read(new byte[1]) != 0)
                        throw new InvalidDataException("deflate block inflates past its recorded length");
                    return raw;
                }
            case SSTableCompressor.Brotli:
                if (!BrotliDecoder.TryDecompress(stored, raw, out var written) || written != rawLength)
                    throw new InvalidDataException($"brotli block inflates to {written} bytes, expected {rawLength}");
                return raw;
            case SSTableCompressor.Lz4:
                {
                    var decoded = LZ4Codec.Decode(stored, raw);
                    if (decoded != rawLength)
                        throw new InvalidDataException($"lz4 block decodes to {decoded} bytes, expected {rawLength}");
                    return raw;
                }
            case SSTableCompressor.Zstd:
                {
                    using var zstd = new Decompressor();
                    int decoded;
                    try
                    {
                        decoded = zstd.Unwrap(stored, raw);
                    }
                    catch (ZstdException e)
                    {
                        throw new InvalidDataException("zstd block does not decode: " + e.Message, e);
                    }
                    if (decoded != rawLength)
                        throw new InvalidDataException($"zstd block decodes to {decoded} bytes, expected {rawLength}");
                    return raw;
                }
            default:
                throw new InvalidDataException($"unknown compressor {(byte)compressor}");
        }
    }

    private byte[] Output(int capacity)
    {
        if (_output.Length < capacity)
            _output = new byte[capacity];
        return _output;
    }

    public void Dispose()
    {
        _deflateOutput.Dispose();
        _zstd?.Dispose();
    }
}
