using OceanClassic.Common.Protos;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Engine;

// The engine's side of the increment leases (Leases/IncrementLeases.cs holds the safety rule): a lease is
// granted under the apply lock with the table's newest applied version, and a write takes its commit
// version only while no lease on its tables is live, revoking them first, outside the lock.
public sealed partial class UpdateEngine
{
    private readonly TableWriteMarks _writeMarks = new();

    // An increment scan that asked for a lease (lease_holder) gets one unless the table is hot or this
    // UPS is not a master with time left on its own lease. Reads inside a transaction get none.
    private void GrantIncrementLease(ScanIncrementRequest request, ScanIncrementResponse response)
    {
        var leases = _options.IncrementLeases;
        if (leases is null || request.LeaseHolder.Length == 0 || request.TxId != 0)
            return;
        lock (_applyLock)
        {
            if (_held.Count > 0)
                return; // entries not yet applied would become visible without a revocation
            var (version, lastWrite) = _writeMarks.Of(request.TableId);
            var length = leases.TryGrant(request.TableId, request.LeaseHolder, lastWrite);
            if (length <= TimeSpan.Zero)
                return;
            response.LeaseMs = (uint)length.TotalMilliseconds;
            response.LeaseMaxVersion = version;
            response.LeaseCommittedVersion = _watermark.Version;
        }
    }

    // Before a write enters the apply lock: the leases on its tables revoked (nothing to do, and no
    // allocation, while no lease is out).
    private ValueTask RevokeLeasesAsync(IReadOnlyList<LoggedMutation> mutations, CancellationToken ct)
    {
        var leases = _options.IncrementLeases;
        if (leases is null || !leases.MayBlockWrites || mutations.Count == 0)
            return ValueTask.CompletedTask;
        return new ValueTask(leases.RevokeAsync(mutations.Select(m => m.TableId).Distinct(), ct));
    }

    // Under the apply lock, before the write takes its version: false when a lease on one of its tables
    // is live (granted since the revocation): the writer revokes again.
    private bool LeasesClear(IReadOnlyList<LoggedMutation> mutations)
    {
        var leases = _options.IncrementLeases;
        if (leases is null || !leases.MayBlockWrites)
            return true;
        for (var i = 0; i < mutations.Count; i++)
        {
            if (!leases.Clear(mutations[i].TableId))
                return false;
        }
        return true;
    }

    // Under the apply lock, once `mutations` are in the MemTable at `version` (also replayed and shipped ones).
    private void MarkWritten(IReadOnlyList<LoggedMutation> mutations, ulong version)
    {
        var leases = _options.IncrementLeases;
        if (leases is null)
            return;
        var now = leases.Now;
        for (var i = 0; i < mutations.Count; i++)
            _writeMarks.Mark(mutations[i].TableId, version, now);
    }
}
