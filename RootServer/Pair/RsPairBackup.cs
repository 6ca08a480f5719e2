using Microsoft.Extensions.Logging;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.Pair;

// The backup's side of the pair (rules 3, 4 and 6 of RsPair.cs): granting the primary's lease,
// taking what it ships, and refusing a primary of an older epoch.
public sealed partial class RsPair
{
    // The backup's copy of the primary's state (also a starting RS's own state).
    private RsState? _replica;
    // The last renewal brought this backup the primary's last entry, in the primary's epoch.
    private bool _inSync;
    private long _lastGrant;

    public async ValueTask<RsPairRenewResponse> OnRenewAsync(RsPairRenewRequest request, CancellationToken ct)
    {
        await _roleGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var epoch = Epoch;
            if (request.Epoch < epoch)
                return new RsPairRenewResponse { Role = RoleName(_role), Epoch = epoch };
            if (_role == RsPairRole.Primary)
            {
                if (request.Epoch == epoch)
                    return new RsPairRenewResponse { Role = "primary", Epoch = epoch };
                await StepDownLockedAsync($"{request.Primary} renews with the newer epoch {request.Epoch}", request.Epoch).ConfigureAwait(false);
            }
            var claimed = false;
            if (_role == RsPairRole.Starting)
            {
                _role = RsPairRole.Backup;
                _replica = null;
                claimed = true;
                _log.LogWarning("RootServer {Self} is the backup of {Peer}: it claimed the primary role", _self, request.Primary);
            }
            if (request.Epoch > epoch)
            {
                RaiseEpoch(request.Epoch);
                _inSync = false;
            }
            if (request.Checkpoint is not null)
                _replica = await _store.InstallCheckpointAsync(request.Checkpoint, ct).ConfigureAwait(false);
            if (_replica is not null)
            {
                foreach (var entry in request.Entries)
                {
                    if (entry.Seq <= _replica.LastSeq)
                        continue;
                    if (entry.Seq != _replica.LastSeq + 1 || entry.Epoch > request.Epoch)
                        break;
                    await _store.AppendShippedAsync(_replica, entry, ct).ConfigureAwait(false);
                }
            }
            _inSync = _replica is { } replica && replica.LastSeq == request.PrimaryLastSeq && replica.Epoch == request.Epoch;
            _lastGrant = _clock.GetTimestamp();
            if (claimed)
                await FaultPoints.ReachAsync(RsFaultPoints.ClaimGrantedNotAnswered, ct).ConfigureAwait(false);
            return new RsPairRenewResponse { Role = "backup", LastSeq = _replica?.LastSeq ?? 0, Epoch = request.Epoch, Granted = true, InSync = _inSync };
        }
        finally
        {
            _roleGate.Release();
        }
    }
}
