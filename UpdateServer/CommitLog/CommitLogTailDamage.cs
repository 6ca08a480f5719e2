namespace OceanClassic.UpdateServer.CommitLog;

// Is damage at the end of the newest log file a torn last write (cut: it was never acknowledged)
// or corruption of an entry that was written whole (kept: it may have been acknowledged)? The
// header cannot tell by itself (its CRC covers only the header), so the rule reasons from what a
// crash can leave.
//
// What a crash can leave. Entries are acknowledged only after the write that holds them was
// synced, and the next write starts only after that: a crash can damage only the last write (one
// group-commit batch). Every byte at or past the durable end was zero before that write (the
// writer zero-fills ahead and syncs the zeros with the write before; an O_DIRECT append rewrites
// the partial page it starts in with the same bytes), or lies past the end of the file. A disk
// writes a 512-byte sector (aligned in the file) whole or not at all, in any order; a write cut
// short leaves the rest of its range as it was. So a torn write leaves its entries cut by the end
// of the file, or with parts still zero.
//
// The rule (only for damage that no valid entry follows; anything else is corruption). The entry
// is its header's length when the header is valid, else its 56 header bytes:
//   torn     the file ends inside the entry; or the entry's part of some 512-byte sector is all zero
//            (an unwritten sector); or the file is all zero from inside the entry to its end (a write
//            cut short). Zero parts count only from MinUnwrittenBytes long when the header is valid.
//   corrupt  anything else: a complete entry whose header is valid and whose payload CRC fails, a
//            bad header followed by data, a valid entry out of sequence. That is a flipped byte, not
//            a crash. Replay refuses to start (CommitLogCorruptException names file and offset)
//            unless a backup supplies the entry (CommitLogTailRepair).
// MinUnwrittenBytes keeps an entry's own zeros from passing for unwritten ones: a payload often ends
// in a few zero bytes (a count of 0), and an entry ending just past a sector boundary, or ending the
// file, would otherwise make any flipped byte in it a "torn write". The price: a write torn so that
// fewer than MinUnwrittenBytes of a valid-header entry stay unwritten is taken for corruption (the
// safe side: the UPS stops instead of dropping an entry). A payload that itself ends in
// MinUnwrittenBytes zeros can still hide a flipped byte; 16 zero bytes at its very end are rare.
public static class CommitLogTailDamage
{
    public const int Sector = 512;
    public const int MinUnwrittenBytes = 16;

    // Whether the damaged entry at `pos` (`entryLength` bytes by its valid header, 0 when the header
    // is bad) is explained by a torn last write.
    public static bool IsTornWrite(ReadOnlySpan<byte> file, long pos, long entryLength)
    {
        var headerValid = entryLength > 0;
        var end = pos + (headerValid ? entryLength : CommitLogEntryHeader.Size);
        if (end > file.Length)
            return true;
        var minZeros = headerValid ? MinUnwrittenBytes : 1;
        // The file is zero from `lastData` + 1 on.
        var lastData = pos + file[(int)pos..].LastIndexOfAnyExcept((byte)0);
        if (lastData < pos || end - (lastData + 1) >= minZeros)
            return true;
        for (var sector = pos - (pos % Sector); sector < end; sector += Sector)
        {
            var from = Math.Max(sector, pos);
            var to = Math.Min(sector + Sector, end);
            if (to - from >= minZeros && file[(int)from..(int)to].IndexOfAnyExcept((byte)0) < 0)
                return true;
        }
        return false;
    }
}
