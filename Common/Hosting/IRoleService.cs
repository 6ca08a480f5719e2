using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Hosting;

// What a role plugs into RoleHost: start-up work before the listeners open, clean stop,
// and its part of the heartbeat with the RootServer.
public interface IRoleService
{
    Task StartAsync(CancellationToken ct);
    Task StopAsync(CancellationToken ct);
    void FillHeartbeat(HeartbeatRequest request) { }
    ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct) => ValueTask.CompletedTask;
    void FillStatus(StatusResponse status) { }
}
