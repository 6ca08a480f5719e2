using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Hosting;

// The packets every role answers, mapped by the host: Ping (role, address, uptime) and Status (the
// role's own figures, IRoleService.FillStatus, plus its pid and start time, the process's operation timers
// (OperationTimers), allocated bytes and gen-0 collections, for profiles).
internal sealed class RoleStatusEndpoints(ServerRole role, RoleContext context, IRoleService service) : IRpcEndpoints
{
    public void MapTo(IRpcEndpointMap map)
    {
        map.Register(PacketCodes.Ping, Empty.Parser, (_, _) => ValueTask.FromResult(new PingResponse
        {
            Role = role,
            Address = context.Address,
            UptimeMs = (long)(DateTimeOffset.UtcNow - context.StartTime).TotalMilliseconds,
        }));
        map.Register(PacketCodes.Status, Empty.Parser, (_, _) =>
        {
            var status = new StatusResponse { Role = role, Address = context.Address, StartedUnixMs = context.StartTime.ToUnixTimeMilliseconds() };
            status.Values["pid"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            service.FillStatus(status);
            OperationTimers.CopyTo(status.Values);
            status.Values["alloc_bytes"] = GC.GetTotalAllocatedBytes().ToString(System.Globalization.CultureInfo.InvariantCulture);
            status.Values["gc_count"] = GC.CollectionCount(0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.FromResult(status);
        });
    }
}
