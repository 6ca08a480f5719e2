using System.Globalization;
using OceanClassic.Common.Checksums;

namespace OceanClassic.UpdateServer.CommitLog;

// Reads whole entries back out of the log files by sequence, for log shipping (a backup that
// fetches from seq N) and for log reconciliation (the CRC of one entry). Only headers are read
// while skipping forward; a torn or still-being-written tail simply ends the read.
public static class CommitLogReader
{
    // Entries with from <= seq <= upTo, at most maxBytes (but at least one entry when any exists).
    public static (byte[] Bytes, ulong First, ulong Last) Read(string directory, ulong from, ulong upTo, int maxBytes)
    {
        using var output = new MemoryStream();
        ulong first = 0, last = 0;
        foreach (var file in FilesFrom(directory, from))
        {
            // Buffered: skipping to `from` reads every header before it (one read call each unbuffered).
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);
            var header = new byte[CommitLogEntryHeader.Size];
            while (last < upTo && (last == 0 || output.Length < maxBytes))
            {
                if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                    || !CommitLogEntryHeader.TryRead(header, out var h))
                {
                    break;
                }
                if (h.LogSequence < from)
                {
                    stream.Seek(h.PayloadLength, SeekOrigin.Current);
                    continue;
                }
                if (h.LogSequence > upTo || (last != 0 && h.LogSequence != last + 1) || (last == 0 && h.LogSequence != from))
                    return (output.ToArray(), first, last);
                var payload = new byte[h.PayloadLength];
                if (stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false) < payload.Length
                    || Crc64.Compute(payload) != h.PayloadCrc)
                {
                    return (output.ToArray(), first, last);
                }
                output.Write(header);
                output.Write(payload);
                if (first == 0)
                    first = h.LogSequence;
                last = h.LogSequence;
            }
            if (last >= upTo || (last != 0 && output.Length >= maxBytes))
                break;
        }
        return (output.ToArray(), first, last);
    }

    // The payload CRC of entry `sequence`, or null when the log does not hold it.
    public static ulong? EntryCrc(string directory, ulong sequence)
    {
        var (bytes, first, _) = Read(directory, sequence, sequence, 1);
        if (first != sequence || !CommitLogEntryHeader.TryRead(bytes, out var header))
            return null;
        return header.PayloadCrc;
    }

    // Cuts the log after entry `lastKept` (0: empties it): later files are deleted, the file
    // holding it is truncated right after it. Used when a returning master drops a tail the
    // new master never had.
    public static void TruncateAfter(string directory, ulong lastKept)
    {
        var files = CommitLogFiles.ListInOrder(directory);
        foreach (var file in files)
        {
            var firstInFile = ulong.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);
            if (firstInFile > lastKept)
            {
                File.Delete(file);
                continue;
            }
            long keep;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0))
                keep = OffsetAfter(stream, lastKept);
            if (keep >= 0)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0);
                stream.SetLength(keep);
                stream.Flush(flushToDisk: true);
            }
        }
    }

    // The offset just past entry `sequence` when this file holds entries after it, else -1.
    private static long OffsetAfter(FileStream stream, ulong sequence)
    {
        var header = new byte[CommitLogEntryHeader.Size];
        while (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
               && CommitLogEntryHeader.TryRead(header, out var h))
        {
            if (h.LogSequence > sequence)
                return stream.Position - header.Length;
            stream.Seek(h.PayloadLength, SeekOrigin.Current);
        }
        return -1;
    }

    // The file that holds `from` (the last one named at or below it) and every later one.
    private static IEnumerable<string> FilesFrom(string directory, ulong from)
    {
        var files = CommitLogFiles.ListInOrder(directory);
        var start = 0;
        for (var i = 0; i < files.Count; i++)
        {
            if (ulong.Parse(Path.GetFileNameWithoutExtension(files[i]), CultureInfo.InvariantCulture) <= from)
                start = i;
        }
        for (var i = start; i < files.Count; i++)
            yield return files[i];
    }
}
