using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Cluster;

// The version a statement reads at. Zero until fixed: then the first ChunkServer answer (which reads at
// the UPS's latest committed version) fixes it, and every later page and tablet reads at the same one.
// A non-zero TxId reads inside that UPS transaction: committed data plus the transaction's own writes.
//
// A ChunkServer holding an increment lease on a table answers from its baselines alone (no UPS call), at
// a version from which that table reads the same as now, but not necessarily any other table: such an
// answer may fix the version only for a statement that reads that one table (OnlyTable, promised by the
// planner of a top-level single-table SELECT; the request's lease_may_fix). A read of another table at a
// version a lease fixed would be stale: it is refused (CheckReadable), never answered.
public sealed class ReadSnapshot(ulong version = 0, ulong txId = 0)
{
    private ulong _version = version;
    private ulong _onlyTable;
    private ulong _fixedByLeaseOf;

    public ulong Version => Volatile.Read(ref _version);

    public ulong TxId { get; } = txId;

    public void Fix(ulong version)
    {
        if (version != 0)
            Interlocked.CompareExchange(ref _version, version, 0);
    }

    // The statement reads table `tableId` and no other (before anything was read).
    public void PromiseOnlyTable(ulong tableId)
    {
        if (Version == 0 && TxId == 0)
            Volatile.Write(ref _onlyTable, tableId);
    }

    // Whether a ChunkServer may fix the version of this unfixed snapshot from an increment lease on tableId.
    public bool LeaseMayFix(ulong tableId) => tableId != 0 && Volatile.Read(ref _onlyTable) == tableId && Version == 0;

    // An answer for tableId came back: lease_served says it was answered under a lease.
    public void Fix(ulong version, ulong tableId, bool leaseServed)
    {
        if (version == 0)
            return;
        if (Interlocked.CompareExchange(ref _version, version, 0) == 0 && leaseServed)
            Volatile.Write(ref _fixedByLeaseOf, tableId);
    }

    public void CheckReadable(ulong tableId)
    {
        var leased = Volatile.Read(ref _fixedByLeaseOf);
        if (leased != 0 && leased != tableId)
            throw new SqlError(ErrorCodes.Unknown, "HY000", $"internal: table {tableId} read at a version an increment lease on table {leased} fixed");
    }
}
