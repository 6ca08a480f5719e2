using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Replication;
using OceanClassic.UpdateServer.Rpc;
using OceanClassic.UpdateServer.Engine;

namespace OceanClassic.UpdateServer.Tests;

// One UpdateServer as the role wires it (engine + replication coordinator + the UPS packets on a
// real RPC listener), with the RootServer's heartbeat replies played by the test.
public sealed class ReplicaNode : IAsyncDisposable
{
    private readonly RpcClientPool _clients = new(new RpcOptions());
    private readonly ReplicationOptions _replication;
    private WebApplication? _app;

    private ReplicaNode(string directory, int syncType, TimeSpan syncTimeout, FakeSyncSetRootServer? rootServer, TimeSpan logSyncTimeout)
    {
        Directory = directory;
        RootServer = rootServer ?? new FakeSyncSetRootServer();
        _replication = new ReplicationOptions(Path.Combine(directory, CommitLogFiles.DirectoryName))
        {
            SyncType = syncType, SyncTimeout = syncTimeout, LogSyncTimeout = logSyncTimeout,
        };
    }

    public string Directory { get; }
    public FakeSyncSetRootServer RootServer { get; }
    public string Address { get; private set; } = "";
    public UpdateEngine Engine { get; private set; } = null!;
    public UpsReplicationCoordinator Replication { get; private set; } = null!;

    public static async Task<ReplicaNode> StartAsync(string? directory = null, int syncType = 2, TimeSpan? syncTimeout = null,
        FakeSyncSetRootServer? rootServer = null, TimeSpan? logSyncTimeout = null)
    {
        var node = new ReplicaNode(directory ?? Path.Combine(Path.GetTempPath(), "ups-repl-" + Guid.NewGuid().ToString("N")), syncType,
            syncTimeout ?? TimeSpan.FromMilliseconds(500), rootServer, logSyncTimeout ?? TimeSpan.FromSeconds(3));
        await node.StartCoreAsync();
        return node;
    }

    private async Task StartCoreAsync()
    {
        var registry = new RpcHandlerRegistry();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(new RpcOptions());
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseConnectionHandler<RpcConnectionHandler>()));
        _app = builder.Build();
        await _app.StartAsync();
        var port = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        Address = $"127.0.0.1:{port}";
        Replication = new UpsReplicationCoordinator(Address, _replication, _clients, () => _engine, TruncateAfterAsync, RootServer.ReportAsync,
            NullLogger.Instance);
        new UpsEndpoints(() => _engine, () => Replication.ServesReads).MapTo(registry);
        registry.Register(PacketCodes.UpsFetchLog, FetchLogRequest.Parser, (r, c) => Replication.Replicator.FetchAsync(r, c.CancellationToken));
        registry.Register(PacketCodes.UpsHandOver, HandOverRequest.Parser, (r, c) => Replication.HandOverAsync(r, c.CancellationToken));
        _engine = UpdateEngine.OpenAsync(Options, NullLogger.Instance).GetAwaiter().GetResult();
        Engine = _engine;
    }

    private UpdateEngine? _engine;

    // Fault points of this node's engine (kept across reopens).
    public UpsFaults Faults { get; } = new();

    public string LogDirectory => _replication.LogDirectory;

    private UpdateEngineOptions Options => new(Directory)
    {
        Faults = Faults,
        ReadVersionWait = TimeSpan.FromMilliseconds(200),
        WriteGate = Replication.Lease,
        Replicator = Replication.Replicator,
    };

    public int Reopens { get; private set; }

    private async Task TruncateAfterAsync(ulong lastKept, CancellationToken ct)
    {
        var old = _engine!;
        if (old.LogSequence <= lastKept)
            return;
        _engine = null;
        await old.DisposeAsync();
        CommitLogReader.TruncateAfter(_replication.LogDirectory, lastKept);
        Replication.Replicator.OnLogTruncated();
        _engine = await UpdateEngine.OpenAsync(Options, NullLogger.Instance, ct);
        Engine = _engine;
        Reopens++;
    }

    // After a commit-log write failed: the engine reopened from disk, as LogFailureRecovery does.
    public async Task ReopenAsync()
    {
        var old = _engine!;
        _engine = null;
        await old.DisposeAsync();
        _engine = await UpdateEngine.OpenAsync(Options, NullLogger.Instance);
        if (Replication.Lease.IsMaster)
            _engine.ApplyWholeLog();
        Engine = _engine;
    }

    // The RS says: you are the master, with this lease.
    public ValueTask MakeMasterAsync(TimeSpan? lease = null)
    {
        Replication.FillHeartbeat(new HeartbeatRequest());
        return Replication.OnHeartbeatAsync(new HeartbeatResponse
        {
            UpsMaster = Address, YouAreUpsMaster = true, UpsLeaseMs = (long)(lease ?? TimeSpan.FromSeconds(30)).TotalMilliseconds,
        }, CancellationToken.None);
    }

    // The RS says: `master` is the master.
    public ValueTask FollowAsync(ReplicaNode master)
    {
        Replication.FillHeartbeat(new HeartbeatRequest());
        return Replication.OnHeartbeatAsync(new HeartbeatResponse { UpsMaster = master.Address }, CancellationToken.None);
    }

    // Majority replication in a group of `groupSize`: the RS says `master` is the master of `term`
    // (this node itself when it is `master`).
    public ValueTask HeartbeatMajorityAsync(ReplicaNode master, ulong term, int groupSize = 3, TimeSpan? lease = null)
    {
        Replication.FillHeartbeat(new HeartbeatRequest());
        var self = master == this;
        return Replication.OnHeartbeatAsync(new HeartbeatResponse
        {
            UpsMaster = master.Address, YouAreUpsMaster = self, UpsLeaseMs = self ? (long)(lease ?? TimeSpan.FromSeconds(30)).TotalMilliseconds : 0,
            UpsTerm = term, UpsReplication = "majority", UpsGroupSize = (uint)groupSize,
        }, CancellationToken.None);
    }

    public async Task<ulong> InsertAsync(long id, string value)
    {
        var request = new ApplyRequest();
        request.Mutations.Add(Ups.Insert(id, Ups.C(1, value)));
        return (await Engine.ApplyAsync(request, CancellationToken.None)).CommitVersion;
    }

    public async Task<Dictionary<long, string>> RowsAsync()
    {
        var response = await Engine.ScanIncrementAsync(new ScanIncrementRequest { TableId = UpsHarness.Table }, CancellationToken.None);
        return IncrementRowsBlock.Decode(response.Rows.Span).ToDictionary(Ups.IdOf, r => Ups.Cell(r, 1)!.Value.String!);
    }

    // Stops serving (a crash as far as the others can tell); the directory stays for a restart.
    public async ValueTask StopAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
        await Replication.DisposeAsync();
        if (_engine is not null)
            await _engine.DisposeAsync();
        await _clients.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
