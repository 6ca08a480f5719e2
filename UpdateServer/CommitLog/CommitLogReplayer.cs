using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Checksums;

namespace OceanClassic.UpdateServer.CommitLog;

// `Stamped`: a version-3 entry (Stamp holds its term and commit point); a version-2 one has none.
public readonly record struct ReplayedEntry(ulong LogSequence, ulong CommitVersion, ulong ChecksumBefore, ulong ChecksumAfter, CommitLogPayload Payload,
    EntryStamp Stamp = default, bool Stamped = false);

// `LastTerm`: the term of the last entry; `CommitPoint`: the highest commit point any entry carries.
public sealed record CommitLogReplayResult(ulong LastSequence, ulong MaxCommitVersion, int Entries, string? LastFile, ulong LastTerm = 0, ulong CommitPoint = 0);

// Reads every log file in order and verifies each entry. A damaged entry at the very tail of
// the last file that a torn write explains (CommitLogTailDamage has the rule) is truncated away;
// a complete entry there that fails its CRC, damage anywhere else, or damage followed by a valid
// entry throws CommitLogCorruptException rather than skip data.
public static class CommitLogReplayer
{
    // `afterSequence`: the replay point of a loaded dump; files wholly before it are not read,
    // entries up to it are checked but not applied, and the first applied one must follow it.
    public static CommitLogReplayResult Replay(string directory, Action<ReplayedEntry> apply, ILogger logger, ulong afterSequence = 0)
    {
        var files = CommitLogFiles.ListInOrder(directory);
        ulong lastSequence = 0;
        ulong maxVersion = 0;
        var entries = 0;
        ulong lastTerm = 0, commitPoint = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var isLast = f == files.Count - 1;
            if (!isLast && CommitLogFiles.FirstSequenceOf(files[f + 1]) <= afterSequence + 1)
                continue;
            var data = File.ReadAllBytes(files[f]);
            long pos = 0;
            while (pos < data.Length)
            {
                var damage = Check(data, pos, lastSequence, out var header, out var tornExtent);
                if (damage is not null)
                {
                    if (!isLast || HasValidEntryAfter(data, pos + 1))
                        throw new CommitLogCorruptException(files[f], pos, damage);
                    if (tornExtent < 0 || !CommitLogTailDamage.IsTornWrite(data, pos, tornExtent))
                        throw new CommitLogCorruptException(files[f], pos, damage, lastSequence != 0 ? lastSequence + 1 : CommitLogFiles.FirstSequenceOf(files[f]));
                    Truncate(files[f], pos, data, damage, logger);
                    break;
                }
                var payloadSpan = data.AsSpan((int)pos + CommitLogEntryHeader.Size, (int)header.PayloadLength);
                CommitLogPayload payload;
                var stamp = header.Split(payloadSpan, out var body);
                try
                {
                    payload = CommitLogPayload.Decode(body);
                }
                catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // The CRC matched, so this is a writer bug, not a torn write: never skip it.
                    throw new CommitLogCorruptException(files[f], pos, "undecodable payload: " + ex.Message);
                }
                if (header.LogSequence > afterSequence)
                {
                    if (lastSequence < afterSequence && header.LogSequence != afterSequence + 1)
                        throw new CommitLogCorruptException(files[f], pos, $"log sequence {header.LogSequence} does not follow the replay point {afterSequence} (log files missing)");
                    apply(new ReplayedEntry(header.LogSequence, header.CommitVersion, header.ChecksumBefore, header.ChecksumAfter, payload, stamp, header.Stamped));
                    maxVersion = Math.Max(maxVersion, header.CommitVersion);
                    entries++;
                }
                lastSequence = header.LogSequence;
                lastTerm = stamp.Term;
                commitPoint = Math.Max(commitPoint, stamp.CommitPoint);
                pos += CommitLogEntryHeader.Size + header.PayloadLength;
            }
        }
        if (lastSequence < afterSequence)
        {
            // The log ends before the dump's replay point: everything up to it is in the dump, but
            // the log must not be continued from an older sequence.
            if (lastSequence != 0)
                throw new CommitLogCorruptException(files[^1], 0, $"log ends at {lastSequence}, before the dump's replay point {afterSequence}");
            lastSequence = afterSequence;
        }
        return new CommitLogReplayResult(lastSequence, maxVersion, entries, files.Count > 0 ? files[^1] : null, lastTerm, Math.Min(commitPoint, lastSequence));
    }

    // Null when a whole, valid entry starts at pos; otherwise what is wrong with it, and what a torn
    // write would have cut (`tornExtent`: the entry's length, 0 for a bad header, -1: no write tears so).
    private static string? Check(byte[] data, long pos, ulong lastSequence, out CommitLogEntryHeader header, out long tornExtent)
    {
        tornExtent = 0;
        var remaining = data.Length - pos;
        if (remaining < CommitLogEntryHeader.Size)
        {
            header = default;
            return $"incomplete header ({remaining} of {CommitLogEntryHeader.Size} bytes)";
        }
        if (!CommitLogEntryHeader.TryRead(data.AsSpan((int)pos, CommitLogEntryHeader.Size), out header))
            return "bad entry header (magic or header CRC)";
        tornExtent = CommitLogEntryHeader.Size + header.PayloadLength;
        if (remaining - CommitLogEntryHeader.Size < header.PayloadLength)
            return $"incomplete entry ({remaining - CommitLogEntryHeader.Size} of {header.PayloadLength} payload bytes)";
        var payload = data.AsSpan((int)pos + CommitLogEntryHeader.Size, (int)header.PayloadLength);
        if (Crc64.Compute(payload) != header.PayloadCrc)
            return "payload CRC mismatch";
        tornExtent = -1;
        if (lastSequence != 0 && header.LogSequence != lastSequence + 1)
            return $"log sequence {header.LogSequence} does not follow {lastSequence}";
        return null;
    }

    // Whether any whole, CRC-valid entry starts after `from` (then the damage is not a torn tail).
    private static bool HasValidEntryAfter(byte[] data, long from)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, CommitLogEntryHeader.Magic);
        for (var pos = from; pos <= data.Length - CommitLogEntryHeader.Size; pos++)
        {
            var found = data.AsSpan((int)pos).IndexOf(magic);
            if (found < 0)
                return false;
            pos += found;
            if (Check(data, pos, 0, out _, out _) is null)
                return true;
        }
        return false;
    }

    private static void Truncate(string file, long pos, byte[] data, string reason, ILogger logger)
    {
        var length = data.Length;
        if (data.AsSpan((int)pos).IndexOfAnyExcept((byte)0) < 0)
            logger.LogInformation("commit log {File}: log ends at offset {Offset}; cutting {Bytes} preallocated bytes", file, pos, length - pos);
        else
            logger.LogWarning("commit log {File}: torn last entry at offset {Offset} ({Reason}); truncating {Bytes} bytes", file, pos, reason, length - pos);
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0);
        stream.SetLength(pos);
        stream.Flush(flushToDisk: true);
    }
}
