namespace OceanClassic.UpdateServer.CommitLog;

// Replay or a backup found an entry whose increments do not produce the MemTable checksum the
// master recorded: the UPS stops applying rather than serve data that differs from the master's.
public sealed class MemTableChecksumMismatchException(ulong logSequence, string check, ulong recorded, ulong computed)
    : IOException($"MemTable checksum mismatch at log seq {logSequence}: {check} checksum recorded {recorded:x16}, computed {computed:x16}; refusing to apply it or anything after it")
{
    public ulong LogSequence { get; } = logSequence;

    // Checks one entry against the running checksum; returns the checksum after it.
    public static ulong Verify(ulong running, ulong logSequence, ulong commitVersion, ulong recordedBefore, ulong recordedAfter,
        IReadOnlyList<LoggedMutation> mutations)
    {
        if (recordedBefore != running)
            throw new MemTableChecksumMismatchException(logSequence, "before", recordedBefore, running);
        var after = MemTableChecksum.Add(running, commitVersion, mutations);
        if (recordedAfter != after)
            throw new MemTableChecksumMismatchException(logSequence, "after", recordedAfter, after);
        return after;
    }
}
