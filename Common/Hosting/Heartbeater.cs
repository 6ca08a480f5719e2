using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Hosting;

// Registers the role with the RootServer and keeps its lease alive; the reply carries what
// the RS wants the role to know (UPS master, schema version, tablets to serve).
internal sealed class Heartbeater(ServerRole role, RoleContext context, IRoleService service, TimeSpan interval, ILogger log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var registered = false;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var request = new HeartbeatRequest
            {
                Role = role,
                Address = context.Address,
                StartUnixMs = context.StartTime.ToUnixTimeMilliseconds(),
            };
            try
            {
                service.FillHeartbeat(request);
                var response = await context.RootServer.CallAsync(PacketCodes.RsHeartbeat, request, HeartbeatResponse.Parser, ct).ConfigureAwait(false);
                if (!registered)
                {
                    log.LogInformation("registered with RootServer as {Role} {Address}", role, context.Address);
                    registered = true;
                }
                failures = 0;
                await service.OnHeartbeatAsync(response, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e)
            {
                // Log the first failure and then every 20th, so a long RS outage does not flood the log.
                if (failures++ % 20 == 0)
                    log.LogWarning("heartbeat to RootServer failed: {Error}", e.Message);
            }
            catch (Exception e)
            {
                log.LogError(e, "heartbeat handling failed");
            }
            try
            {
                await Task.Delay(interval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
