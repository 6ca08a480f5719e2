using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Checksums;

namespace OceanClassic.UpdateServer.CommitLog;

public readonly record struct ShippedEntry(ulong LogSequence, ulong CommitVersion, ulong PayloadCrc, ulong ChecksumBefore, ulong ChecksumAfter,
    CommitLogPayload Payload, EntryStamp Stamp = default);

// A block of whole commit-log entries as the master wrote them, verified entry by entry (header
// CRC, payload CRC, consecutive sequences) before a backup logs or applies any of it.
public sealed class ShippedLog
{
    private ShippedLog(byte[] bytes, List<ShippedEntry> entries)
    {
        Bytes = bytes;
        Entries = entries;
    }

    public byte[] Bytes { get; }
    public IReadOnlyList<ShippedEntry> Entries { get; }
    public ulong FirstSequence => Entries[0].LogSequence;
    public ulong LastSequence => Entries[^1].LogSequence;
    public ulong LastPayloadCrc => Entries[^1].PayloadCrc;
    public ulong MaxCommitVersion => Entries.Max(e => e.CommitVersion);
    public ulong LastTerm => Entries[^1].Stamp.Term;
    public ulong MaxCommitPoint => Entries.Max(e => e.Stamp.CommitPoint);

    public static ShippedLog Parse(byte[] bytes, ulong expectedFirst)
    {
        var entries = new List<ShippedEntry>();
        var pos = 0;
        while (pos < bytes.Length)
        {
            if (!CommitLogEntryHeader.TryRead(bytes.AsSpan(pos), out var header))
                ThrowBad(pos, "bad entry header");
            var payload = bytes.AsSpan(pos + CommitLogEntryHeader.Size);
            if (payload.Length < header.PayloadLength)
                ThrowBad(pos, "incomplete entry");
            payload = payload[..(int)header.PayloadLength];
            if (Crc64.Compute(payload) != header.PayloadCrc)
                ThrowBad(pos, "payload CRC mismatch");
            var expected = entries.Count == 0 ? expectedFirst : entries[^1].LogSequence + 1;
            if (header.LogSequence != expected)
                ThrowBad(pos, $"log sequence {header.LogSequence}, expected {expected}");
            var stamp = header.Split(payload, out var body);
            entries.Add(new ShippedEntry(header.LogSequence, header.CommitVersion, header.PayloadCrc, header.ChecksumBefore, header.ChecksumAfter,
                CommitLogPayload.Decode(body), stamp));
            pos += CommitLogEntryHeader.Size + (int)header.PayloadLength;
        }
        if (entries.Count == 0)
            ThrowBad(0, "no entries");
        return new ShippedLog(bytes, entries);
    }

    [DoesNotReturn]
    private static void ThrowBad(int offset, string problem) =>
        throw new InvalidDataException($"shipped log block at offset {offset}: {problem}");
}
