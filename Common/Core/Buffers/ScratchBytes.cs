using System.Buffers;

namespace OceanClassic.Common.Buffers;

// A per-thread writer for building one small byte array (a rowkey, a serialized filter): Rent, write,
// then ToArrayAndReturn copies out exactly the bytes written and keeps the writer for the thread's next
// call, so building a key costs its result array alone instead of a writer, a growing buffer and the
// result (a select_random_ranges query encodes 20 keys while it is planned). Between Rent and
// ToArrayAndReturn nothing may await; a writer not returned (an exception) is simply dropped.
public static class ScratchBytes
{
    private const int KeepCapacity = 4096;

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

    public static byte[] ToArrayAndReturn(ArrayBufferWriter<byte> writer)
    {
        var bytes = writer.WrittenSpan.ToArray();
        if (writer.Capacity <= KeepCapacity)
            t_free = writer;
        return bytes;
    }
}
