using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Servers;

// ALTER SYSTEM SWITCH UPS MASTER [TO 'host:port']: the master stops accepting writes and waits
// until the target backup has its whole log (UpsHandOver), then the role moves at once. Writes
// in between are rejected with 6100, which MergeServers retry at the new master: no write fails.
// Both UPSes learn their new roles from their next heartbeat replies; the switch returns once they
// report them (or after a bound, the roles still converge), so a client that reads __all_ups_stat
// or writes right after ALTER SYSTEM returned sees the switch done.
public sealed class UpsMasterSwitch(ServerRegistry registry, UpsMasterElection election, RpcClientPool clients, ILogger log)
{
    private static readonly Empty StatusRequest = new();
    private static readonly TimeSpan StatusPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(3);

    public async ValueTask<SwitchUpsMasterResponse> SwitchAsync(SwitchUpsMasterRequest request, CancellationToken ct)
    {
        var master = election.Master ?? throw new RpcException(WireErrorCodes.WrongArguments, "there is no UpdateServer master to switch from");
        var backups = registry.Live(ServerRole.UpdateServer).Where(s => s.Address != master).ToList();
        var target = request.Target.Length > 0
            ? backups.FirstOrDefault(s => s.Address == request.Target)
            : backups.OrderByDescending(s => s.LogSeq).ThenBy(s => s.Address, StringComparer.Ordinal).FirstOrDefault();
        if (request.Target == master)
            return new SwitchUpsMasterResponse { OldMaster = master, NewMaster = master };
        if (target is null)
        {
            throw new RpcException(WireErrorCodes.WrongArguments, request.Target.Length > 0
                ? $"{request.Target} is not a live backup UpdateServer"
                : "there is no live backup UpdateServer to switch to");
        }
        log.LogInformation("switching the UpdateServer master from {From} to {To}", master, target.Address);
        var handOver = await clients.CallAsync(master, PacketCodes.UpsHandOver,
            new HandOverRequest { Target = target.Address, TimeoutMs = 5000 }, HandOverResponse.Parser,
            TimeSpan.FromSeconds(8), ct).ConfigureAwait(false);
        if (!await election.TransferAsync(master, target.Address, ct).ConfigureAwait(false))
            throw new RpcException(RpcErrorCodes.Internal, "the UpdateServer master changed during the switch");
        await SettleAsync(master, target.Address, ct).ConfigureAwait(false);
        return new SwitchUpsMasterResponse { OldMaster = master, NewMaster = target.Address, LogSeq = handOver.LogSeq };
    }

    // Each UPS is told at its next heartbeat (every 500 ms by default). The bound keeps the whole
    // switch inside the caller's RPC timeout.
    private async Task SettleAsync(string oldMaster, string newMaster, CancellationToken ct)
    {
        var deadline = Environment.TickCount64 + (long)MaxSettle.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            var (oldRole, newRole) = (await RoleAsync(oldMaster, ct).ConfigureAwait(false), await RoleAsync(newMaster, ct).ConfigureAwait(false));
            if (newRole == "master" && oldRole != "master")
                return;
            await Task.Delay(StatusPoll, ct).ConfigureAwait(false);
        }
        log.LogWarning("UpdateServers {Old} and {New} had not reported their new roles when the switch returned", oldMaster, newMaster);
    }

    // null when the UPS does not answer (a stopped old master no longer writes either).
    private async Task<string?> RoleAsync(string address, CancellationToken ct)
    {
        try
        {
            var status = await clients.CallAsync(address, PacketCodes.Status, StatusRequest, StatusResponse.Parser, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            return status.Values.TryGetValue("role", out var role) ? role : null;
        }
        catch (RpcException)
        {
            return null;
        }
    }
}
