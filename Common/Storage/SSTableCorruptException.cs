namespace OceanClassic.Common.Storage;

// A stored SSTable failed a check (CRC, magic, structure). The message names the file and, for a
// data block, the block number and offset; the caller fails over to another replica.
public sealed class SSTableCorruptException : IOException
{
    public SSTableCorruptException() { }
    public SSTableCorruptException(string message) : base(message) { }
    public SSTableCorruptException(string message, Exception inner) : base(message, inner) { }

    public string? FilePath { get; init; }
    public int BlockIndex { get; init; } = -1;
    public long BlockOffset { get; init; } = -1;
}
