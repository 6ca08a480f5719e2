namespace OceanClassic.UpdateServer.CommitLog;

// A damaged entry with valid log data after it: replay refuses to skip data and the UPS stops.
public sealed class CommitLogCorruptException(string file, long offset, string reason)
    : IOException($"commit log {file} is corrupt at offset {offset}: {reason}; refusing to start (valid entries follow, skipping them would lose data)")
{
    public string File { get; } = file;
    public long Offset { get; } = offset;
}
