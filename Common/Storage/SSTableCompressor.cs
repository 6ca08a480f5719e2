namespace OceanClassic.Common.Storage;

// `compress_method` of a table; stored once per file in the trailer.
public enum SSTableCompressor : byte
{
    None = 0,
    Deflate = 1,
    Brotli = 2,
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
            default:
                return false;
        }
    }

    public static string Name(SSTableCompressor compressor) => compressor switch
    {
        SSTableCompressor.Deflate => "deflate",
        SSTableCompressor.Brotli => "brotli",
        _ => "none",
    };
}
