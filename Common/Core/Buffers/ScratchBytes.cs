using System.Buffers;

namespace OceanClassic.Common.Buffers;

// A per-thread writer for building one small byte array (a rowkey, a serialized filter, a mutation's
// cells): Rent, write, then ToArrayAndReturn copies out exactly the bytes written (or Return hands them
// as a span to copy into a message) and keeps the writer for the thread's next call, so building a key
// costs its result alone instead of a writer, a growing buffer and the result (a select_random_ranges
// query encodes 20 keys while it is planned). Between Rent and the copy nothing may await; a nested Rent
// gets a writer of its own; a writer not returned (an exception) is simply dropped.
public static class ScratchBytes
{
    // Larger writers (a huge row) are not kept.
    private const int KeepCapacity = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_free;

    public static ArrayBufferWriter<byte> Rent()
    {
        var writer = t_free;
        if (writer is null)
            return new ArrayBufferWriter<byte>(256);
        t_free = null;
        writer.ResetWrittenCount();
        return writer;
    }

    public static byte[] ToArrayAndReturn(ArrayBufferWriter<byte> writer) => Return(writer).ToArray();

    // The written bytes, valid until the next Rent on this thread: copy them before anything else rents.
    public static ReadOnlySpan<byte> Return(ArrayBufferWriter<byte> writer)
    {
        if (writer.Capacity <= KeepCapacity)
            t_free = writer;
        return writer.WrittenSpan;
    }
}
