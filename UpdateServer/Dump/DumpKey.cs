using System.Buffers.Binary;

namespace OceanClassic.UpdateServer.Dump;

// A dumped increment's SSTable key: table id (8 bytes big endian), the memcomparable rowkey, then
// the bitwise complement of the commit version (big endian), so one row's increments sort newest
// first. All rowkeys of a table have the same columns and each column encodes self-delimited, so
// no rowkey is a prefix of another and the suffix never disturbs the (table, rowkey) order. The
// all-ones suffix (version 0, never a commit version) marks what a release left of the row.
public static class DumpKey
{
    private const int TableBytes = 8;
    private const int VersionBytes = 8;
    public const ulong ReleasedMarker = 0;

    public static byte[] Encode(ulong tableId, ReadOnlySpan<byte> rowKey, ulong version)
    {
        var key = new byte[TableBytes + rowKey.Length + VersionBytes];
        BinaryPrimitives.WriteUInt64BigEndian(key, tableId);
        rowKey.CopyTo(key.AsSpan(TableBytes));
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(TableBytes + rowKey.Length), ~version);
        return key;
    }

    // The rowkey is a slice of `key`; returns the table id.
    public static ulong Split(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> rowKey, out ulong version)
    {
        if (key.Length < TableBytes + VersionBytes)
            throw new FormatException($"dump key of {key.Length} bytes is shorter than {TableBytes + VersionBytes}");
        rowKey = key[TableBytes..^VersionBytes];
        version = ~BinaryPrimitives.ReadUInt64BigEndian(key[^VersionBytes..]);
        return BinaryPrimitives.ReadUInt64BigEndian(key);
    }
}
