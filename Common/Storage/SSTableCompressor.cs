namespace OceanClassic.Common.Storage;

// `compress_method` of a table; stored once per file in the trailer, so a file is read with the method
// it was written with whatever the setting is now. 0.4 used LZO and Snappy for this job; LZ4 and Zstd
// (K4os.Compression.LZ4, ZstdSharp.Port) are today's choice for the same trade-off.
public enum SSTableCompressor : byte
{
    None = 0,
    Deflate = 1,
    Brotli = 2,
    Lz4 = 3,
    Zstd = 4,
}

public static class SSTableCompressorNames
{
    public static bool TryParse(string? name, out SSTableCompressor compressor)
    {
        compressor = SSTableCompressor.None;
        switch (name?.Trim().ToUpperInvariant())
        {
            case null or "" or "NONE":
                return true;
            case "DEFLATE":
                compressor = SSTableCompressor.Deflate;
                return true;
            case "BROTLI":
                compressor = SSTableCompressor.Brotli;
                return true;
            case "LZ4":
                compressor = SSTableCompressor.Lz4;
                return true;
            case "ZSTD":
                compressor = SSTableCompressor.Zstd;
                return true;
            default:
                return false;
        }
    }

    public static string Name(SSTableCompressor compressor) => compressor switch
    {
        SSTableCompressor.Deflate => "deflate",
        SSTableCompressor.Brotli => "brotli",
        SSTableCompressor.Lz4 => "lz4",
        SSTableCompressor.Zstd => "zstd",
        _ => "none",
    };
}
