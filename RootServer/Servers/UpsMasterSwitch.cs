using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Servers;

// ALTER SYSTEM SWITCH UPS MASTER [TO 'host:port']: the master stops accepting writes and waits
// until the target backup has its whole log (UpsHandOver), then the role moves at once. Writes
// in between are rejected with 6100, which MergeServers retry at the new master: no write fails.
public sealed class UpsMasterSwitch(ServerRegistry registry, UpsMasterElection election, RpcClientPool clients, ILogger log)
{
    private const int WrongArguments = 1210;

    public async ValueTask<SwitchUpsMasterResponse> SwitchAsync(SwitchUpsMasterRequest request, CancellationToken ct)
    {
        var master = election.Master ?? throw new RpcException(WrongArguments, "there is no UpdateServer master to switch from");
        var backups = registry.Live(ServerRole.UpdateServer).Where(s => s.Address != master).ToList();
        var target = request.Target.Length > 0
            ? backups.FirstOrDefault(s => s.Address == request.Target)
            : backups.OrderByDescending(s => s.LogSeq).ThenBy(s => s.Address, StringComparer.Ordinal).FirstOrDefault();
        if (request.Target == master)
            return new SwitchUpsMasterResponse { OldMaster = master, NewMaster = master };
        if (target is null)
        {
            throw new RpcException(WrongArguments, request.Target.Length > 0
                ? $"{request.Target} is not a live backup UpdateServer"
                : "there is no live backup UpdateServer to switch to");
        }
        log.LogInformation("switching the UpdateServer master from {From} to {To}", master, target.Address);
        var handOver = await clients.CallAsync(master, PacketCodes.UpsHandOver,
            new HandOverRequest { Target = target.Address, TimeoutMs = 5000 }, HandOverResponse.Parser,
            TimeSpan.FromSeconds(8), ct).ConfigureAwait(false);
        if (!await election.TransferAsync(master, target.Address, ct).ConfigureAwait(false))
            throw new RpcException(RpcErrorCodes.Internal, "the UpdateServer master changed during the switch");
        return new SwitchUpsMasterResponse { OldMaster = master, NewMaster = target.Address, LogSeq = handOver.LogSeq };
    }
}
