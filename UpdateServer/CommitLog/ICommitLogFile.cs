namespace OceanClassic.UpdateServer.CommitLog;

// The live log file's raw operations, used by the group committer's thread only. The writer decides
// where bytes go; the file decides how (page cache or O_DIRECT).
internal interface ICommitLogFile : IDisposable
{
    string Path { get; }
    long Length { get; }

    // `bytes` go at `position`, the end of the entries written so far.
    void Append(ReadOnlySpan<byte> bytes, long position);

    // Zeros from `from` to at least `to`; returns where the zeros end.
    long ZeroFill(long from, long to);

    // Makes every append (and zero fill) durable.
    void Sync();

    // Append, then Sync: when it returns, these bytes and every earlier write are durable.
    void AppendDurable(ReadOnlySpan<byte> bytes, long position);

    // Cuts the file at `length` and makes the cut durable (or, without sync, only cuts it).
    void Truncate(long length, bool sync);
}
