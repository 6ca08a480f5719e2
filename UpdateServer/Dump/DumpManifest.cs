using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using OceanClassic.Common.Checksums;

namespace OceanClassic.UpdateServer.Dump;

// What a dump covers, written (atomically, after its SSTable is durable) as the replay point:
// restart loads the SSTable and replays only log entries after LogSequence. Everything the log
// up to LogSequence rebuilt besides the MemTable rides along: the running MemTable checksum the
// next entry's "before" must match, the auto-increment marks, the last commit version and the
// frozen/released versions of the daily merge, and the payload CRC of entry LogSequence (a backup
// that starts from a copied dump proves with it that its log continues the master's). A CRC-64
// over the whole record ends it.
// A base dump (FromVersion 0) holds the whole MemTable as of LastVersion; a delta holds only the
// increments in (FromVersion, LastVersion] and continues dump PreviousSequence, whose LastVersion
// is its FromVersion. Restart loads the chain base first (DumpStore).
public sealed record DumpManifest(
    ulong LogSequence,
    ulong LastVersion,
    ulong Checksum,
    ulong LastEntryCrc,
    ulong FrozenVersion,
    ulong ReleasedVersion,
    string SSTableFile,
    ulong SSTableChecksum,
    long RowCount,
    IReadOnlyDictionary<ulong, ulong> AutoIncHighWater,
    ulong PreviousSequence = 0,
    ulong FromVersion = 0)
{
    private const ulong MagicV1 = 0x3150_4D44_5350_5543; // "CUPSDMP1" read little endian (base dumps only)
    private const ulong Magic = 0x3250_4D44_5350_5543; // "CUPSDMP2"
    private const int MaxFileNameBytes = 1024;

    public bool IsBase => FromVersion == 0;

    public byte[] Encode()
    {
        var writer = new ArrayBufferWriter<byte>(256);
        void U64(ulong v)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(writer.GetSpan(8), v);
            writer.Advance(8);
        }
        U64(Magic);
        U64(LogSequence);
        U64(LastVersion);
        U64(Checksum);
        U64(LastEntryCrc);
        U64(FrozenVersion);
        U64(ReleasedVersion);
        U64(PreviousSequence);
        U64(FromVersion);
        var name = Encoding.UTF8.GetBytes(SSTableFile);
        U64((ulong)name.Length);
        writer.Write(name);
        U64(SSTableChecksum);
        U64((ulong)RowCount);
        U64((ulong)AutoIncHighWater.Count);
        foreach (var (table, mark) in AutoIncHighWater.OrderBy(p => p.Key))
        {
            U64(table);
            U64(mark);
        }
        U64(Crc64.Compute(writer.WrittenSpan));
        return writer.WrittenSpan.ToArray();
    }

    // Throws FormatException naming what is wrong (the caller adds the file).
    public static DumpManifest Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 * 13)
            throw new FormatException($"{bytes.Length} bytes is too short for a dump manifest");
        if (Crc64.Compute(bytes[..^8]) != BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]))
            throw new FormatException("CRC-64 mismatch");
        var pos = 0;
        ulong U64(ReadOnlySpan<byte> b)
        {
            if (pos + 8 > b.Length - 8)
                throw new FormatException("record ends early");
            var v = BinaryPrimitives.ReadUInt64LittleEndian(b[pos..]);
            pos += 8;
            return v;
        }
        var magic = U64(bytes);
        if (magic != Magic && magic != MagicV1)
            throw new FormatException("bad magic");
        var seq = U64(bytes);
        var last = U64(bytes);
        var checksum = U64(bytes);
        var lastEntryCrc = U64(bytes);
        var frozen = U64(bytes);
        var released = U64(bytes);
        var (previous, from) = magic == Magic ? (U64(bytes), U64(bytes)) : (0UL, 0UL);
        if (from > last || (from != 0 && previous >= seq))
            throw new FormatException($"a delta of versions ({from}, {last}) continuing dump {previous} at log seq {seq}");
        var nameLength = U64(bytes);
        if (nameLength > MaxFileNameBytes || pos + (int)nameLength > bytes.Length - 8)
            throw new FormatException($"file name of {nameLength} bytes");
        var name = Encoding.UTF8.GetString(bytes.Slice(pos, (int)nameLength));
        pos += (int)nameLength;
        var sstableChecksum = U64(bytes);
        var rows = (long)U64(bytes);
        var marks = U64(bytes);
        if (marks > (ulong)(bytes.Length / 16))
            throw new FormatException($"{marks} auto-increment marks");
        var autoInc = new Dictionary<ulong, ulong>();
        for (ulong i = 0; i < marks; i++)
            autoInc[U64(bytes)] = U64(bytes);
        return new DumpManifest(seq, last, checksum, lastEntryCrc, frozen, released, name, sstableChecksum, rows, autoInc, previous, from);
    }
}
