using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Tests;

// A RootServer's server registry and UPS election on a manual clock (3 s server lease, 9 s UPS
// lease), restored from `restored` (a restart) with every persisted record kept in Persisted.
public sealed class ElectionFixture
{
    private ulong _reportId;

    public ManualClock Clock { get; }
    public ServerRegistry Registry { get; }
    public UpsMasterElection Election { get; }
    public List<UpsMasterRecord> Persisted { get; } = [];
    // Runs inside each persist, before it is recorded (a test can look at the election meanwhile).
    public Func<UpsMasterRecord, Task>? DuringPersist { get; set; }

    public ElectionFixture(UpsMasterRecord? restored = null, ManualClock? clock = null)
    {
        Clock = clock ?? new ManualClock();
        Registry = new ServerRegistry(TimeSpan.FromSeconds(3), NullLogger.Instance, Clock);
        Election = new UpsMasterElection(Registry, TimeSpan.FromSeconds(9), NullLogger.Instance, Clock);
        Election.Restore(restored ?? new UpsMasterRecord(), async (record, _) =>
        {
            if (DuringPersist is not null)
                await DuringPersist(record);
            Persisted.Add(record.Clone());
        });
    }

    // The record a restarted RootServer would load.
    public UpsMasterRecord LastPersisted => Persisted.Count == 0 ? new UpsMasterRecord() : Persisted[^1].Clone();

    // One UPS heartbeat, as the RootServer's handler sees it.
    public void Beat(string address, ulong seq)
    {
        var request = new HeartbeatRequest { Role = ServerRole.UpdateServer, Address = address, LogSeq = seq };
        Registry.Heartbeat(request);
        Election.OnHeartbeat(request);
    }

    // A heartbeat and the election its reply carries.
    public Task<string?> BeatAndElectAsync(string address, ulong seq)
    {
        Beat(address, seq);
        return ElectAsync();
    }

    // As the RootServer's maintenance loop: servers whose lease lapsed are marked dead first.
    public Task<string?> ElectAsync()
    {
        Registry.Sweep();
        return Election.ElectAsync(CancellationToken.None).AsTask();
    }

    // The master's RsReportUpsSyncSet.
    public Task<UpsSyncSetResponse> ReportAsync(string master, params string[] inSync)
    {
        var request = new UpsSyncSetRequest { Master = master, ReportId = ++_reportId };
        request.InSync.AddRange(inSync);
        return Election.ReportSyncSetAsync(request, CancellationToken.None);
    }
}
