namespace OceanClassic.MergeServer.Engine.Session;

// The version a statement reads at. Zero until fixed: then the first ChunkServer answer (which reads at
// the UPS's latest committed version) fixes it, and every later page and tablet reads at the same one.
// A non-zero TxId reads inside that UPS transaction: committed data plus the transaction's own writes.
public sealed class ReadSnapshot(ulong version = 0, ulong txId = 0)
{
    private ulong _version = version;

    public ulong Version => Volatile.Read(ref _version);

    public ulong TxId { get; } = txId;

    public void Fix(ulong version)
    {
        if (version != 0)
            Interlocked.CompareExchange(ref _version, version, 0);
    }
}
