using System.Buffers.Binary;

namespace OceanClassic.UpdateServer.CommitLog;

// The replication facts a version-3 log entry carries in front of its payload (CRC-covered with it):
// the term of the master that wrote it, and the commit point, the highest log sequence that master
// knew committed when it wrote the entry (on a majority in majority mode; durable and acknowledged
// in shipping mode). A log therefore persists its own commit point: after a restart it is the
// highest stamp in the log. Term 0: written before terms existed (a version-2 entry) or by an
// UpdateServer no RootServer has given a term yet.
public readonly record struct EntryStamp(ulong Term, ulong CommitPoint)
{
    public const int Size = 16;

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Term);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], CommitPoint);
    }

    public static EntryStamp Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(source), BinaryPrimitives.ReadUInt64LittleEndian(source[8..]));
}
