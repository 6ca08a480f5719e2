using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Tests;

// A RootServer's server registry and UPS election on a manual clock (3 s server lease, 9 s UPS lease).
public sealed class ElectionFixture
{
    public ManualClock Clock { get; } = new();
    public ServerRegistry Registry { get; }
    public UpsMasterElection Election { get; }

    public ElectionFixture()
    {
        Registry = new ServerRegistry(TimeSpan.FromSeconds(3), NullLogger.Instance, Clock);
        Election = new UpsMasterElection(Registry, TimeSpan.FromSeconds(9), NullLogger.Instance, Clock);
    }

    // One UPS heartbeat, as the RootServer's handler sees it.
    public void Beat(string address, ulong seq)
    {
        var request = new HeartbeatRequest { Role = ServerRole.UpdateServer, Address = address, LogSeq = seq };
        Registry.Heartbeat(request);
        Election.OnHeartbeat(request);
    }
}
