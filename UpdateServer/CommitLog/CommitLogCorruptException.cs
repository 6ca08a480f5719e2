namespace OceanClassic.UpdateServer.CommitLog;

// Damage replay must not skip: a damaged entry with valid log data after it, or a complete last
// entry that fails its CRC (CommitLogTailDamage). The UPS stops rather than lose data. TailSequence
// is set for the latter: the log is whole up to that entry, which a backup may still supply.
public sealed class CommitLogCorruptException : IOException
{
    public CommitLogCorruptException(string file, long offset, string reason)
        : base($"commit log {file} is corrupt at offset {offset}: {reason}; refusing to start (valid entries follow, skipping them would lose data)")
    {
        File = file;
        Offset = offset;
    }

    public CommitLogCorruptException(string file, long offset, string reason, ulong tailSequence)
        : base($"commit log {file} is corrupt at offset {offset}: {reason}; the entry (log seq {tailSequence}) was written whole, so it is no torn write " +
            "and may have been acknowledged: refusing to start unless a backup UpdateServer supplies it")
    {
        File = file;
        Offset = offset;
        TailSequence = tailSequence;
    }

    public string File { get; }
    public long Offset { get; }
    public ulong? TailSequence { get; }
}
