using System.Text;
using System.Text.RegularExpressions;
using OceanClassic.Common.Checksums;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.Cluster.Tests.Support;

// An UpdateServer's commit log read straight from its data dir, entry by entry in file order: the
// sequence, the term it was written in (its EntryStamp), its payload CRC, and the marker texts its body
// holds (a test's inserted values are in the body as plain bytes). The server may be running: a torn,
// zero or half-written tail simply ends a file's entries, as replay treats it.
public sealed record UpsLogEntry(ulong Sequence, ulong Term, ulong PayloadCrc, IReadOnlyList<string> Markers);

public static class UpsLogDump
{
    public static List<UpsLogEntry> Read(RoleProcess ups, Regex marker)
    {
        var entries = new List<UpsLogEntry>();
        foreach (var file in CommitLogFiles.ListInOrder(Path.Combine(ups.DataDir, CommitLogFiles.DirectoryName)))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);
            var header = new byte[CommitLogEntryHeader.Size];
            while (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
                && CommitLogEntryHeader.TryRead(header, out var h))
            {
                var payload = new byte[h.PayloadLength];
                if (stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false) < payload.Length || Crc64.Compute(payload) != h.PayloadCrc)
                    break;
                var stamp = h.Split(payload, out var body);
                var text = Encoding.Latin1.GetString(body);
                entries.Add(new UpsLogEntry(h.LogSequence, stamp.Term, h.PayloadCrc, [.. marker.Matches(text).Select(m => m.Value)]));
            }
        }
        return entries;
    }
}
