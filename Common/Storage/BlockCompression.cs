using System.IO.Compression;

namespace OceanClassic.Common.Storage;

// Compresses one data block. A block that does not shrink is stored raw (the index entry says so),
// so incompressible data never costs more than it weighs.
internal sealed class BlockCompression : IDisposable
{
    private const int BrotliQuality = 4;
    private const int BrotliWindow = 22;

    private readonly SSTableCompressor _compressor;
    private readonly MemoryStream _deflateOutput = new();
    private byte[] _brotliOutput = [];

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
                    var max = BrotliEncoder.GetMaxCompressedLength(raw.Length);
                    if (_brotliOutput.Length < max)
                        _brotliOutput = new byte[max];
                    if (!BrotliEncoder.TryCompress(raw.Span, _brotliOutput, out var written, BrotliQuality, BrotliWindow))
                        return raw;
                    packed = _brotliOutput.AsMemory(0, written);
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
            default:
                throw new InvalidDataException($"unknown compressor {(byte)compressor}");
        }
    }

    public void Dispose() => _deflateOutput.Dispose();
}
