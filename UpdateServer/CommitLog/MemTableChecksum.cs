using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.CommitLog;

// 0.4's replay checksum: a running CRC-64 over every row increment applied to the MemTable, in
// log order — (commit version, table id, rowkey, kind, cells) each. The master records it before
// and after each entry in the entry's header; replay and backups recompute it from the decoded
// entry and refuse to go on when it differs (a payload that passes its CRC but does not say what
// the master applied, or an apply path that diverged).
public static class MemTableChecksum
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    public static ulong Add(ulong checksum, ulong commitVersion, IReadOnlyList<LoggedMutation> mutations)
    {
        for (var i = 0; i < mutations.Count; i++)
            checksum = Add(checksum, commitVersion, mutations[i]);
        return checksum;
    }

    public static ulong Add(ulong checksum, ulong commitVersion, LoggedMutation m)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), commitVersion);
        buffer.Advance(8);
        m.WriteTo(buffer);
        // The buffer is ours and starts with the 8-byte version: Append can fold the checksum into it.
        var crc = Crc64.AppendInPlace(checksum, MemoryMarshal.AsMemory(buffer.WrittenMemory).Span);
        if (buffer.Capacity > 64 << 10)
            t_buffer = null; // a huge row: do not keep its buffer per thread
        return crc;
    }
}
