using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Rpc;
using OceanClassic.UpdateServer.Engine;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// The UPS packets over the real framed RPC on 127.0.0.1 (Kestrel on an ephemeral port).
[TestClass]
public sealed class UpsRpcTests
{
    [TestMethod]
    public async Task ApplyScanAutoIncAndErrorsTravelOverTheRealRpc()
    {
        using var ups = new UpsHarness();
        var options = new RpcOptions();
        var (app, address) = await StartServerAsync(ups, options);
        await using var _ = app;
        await using var pool = new RpcClientPool(options);

        var apply = new ApplyRequest();
        apply.Mutations.Add(Insert(1, C(1, "one")));
        var applied = await pool.CallAsync(address, PacketCodes.UpsApply, apply, ApplyResponse.Parser);
        Assert.IsTrue(applied.CommitVersion > 0);

        var duplicate = await Assert.ThrowsExceptionAsync<RpcException>(() => pool.CallAsync(address, PacketCodes.UpsApply, apply, ApplyResponse.Parser));
        Assert.AreEqual(1062, duplicate.Code);
        StringAssert.Contains(duplicate.Message, "Duplicate entry '1' for key 'PRIMARY'");

        var committed = await pool.CallAsync(address, PacketCodes.UpsCommittedVersion, new Empty(), CommittedVersionResponse.Parser);
        Assert.AreEqual(applied.CommitVersion, committed.Version);

        var scan = await pool.CallAsync(address, PacketCodes.UpsScanIncrement, new ScanIncrementRequest { TableId = UpsHarness.Table }, ScanIncrementResponse.Parser);
        var rows = IncrementRowsBlock.Decode(scan.Rows.Span);
        Assert.AreEqual(1, rows.Count);
        Assert.AreEqual("one", Cell(rows[0], 1)!.Value.String);

        // A one-key range is answered on the read loop; it sees the same row.
        var point = new KeyRange
        {
            Start = Google.Protobuf.ByteString.CopyFrom(Key(1)), StartInclusive = true,
            End = Google.Protobuf.ByteString.CopyFrom(Key(1)), EndInclusive = true,
        };
        var get = await pool.CallAsync(address, PacketCodes.UpsScanIncrement, new ScanIncrementRequest { TableId = UpsHarness.Table, Range = point }, ScanIncrementResponse.Parser);
        Assert.AreEqual("one", Cell(IncrementRowsBlock.Decode(get.Rows.Span).Single(), 1)!.Value.String);

        var ids = await pool.CallAsync(address, PacketCodes.UpsAllocAutoInc, new AllocAutoIncRequest { TableId = UpsHarness.Table, Count = 3 }, AllocAutoIncResponse.Parser);
        Assert.AreEqual(1UL, ids.First);
        Assert.AreEqual(3UL, ids.Count);
        await app.StopAsync();
    }

    [TestMethod]
    public async Task ConcurrentWritesOverOneConnectionAreRepliedFromTheCommitBatchesAndAllLand()
    {
        using var ups = new UpsHarness();
        var options = new RpcOptions { ConnectionsPerPeer = 1 };
        var (app, address) = await StartServerAsync(ups, options);
        await using var _ = app;
        await using var pool = new RpcClientPool(options);

        var writes = Enumerable.Range(0, 64).Select(i =>
        {
            var apply = new ApplyRequest();
            apply.Mutations.Add(Insert(i, C(1, i)));
            return pool.CallAsync(address, PacketCodes.UpsApply, apply, ApplyResponse.Parser);
        }).ToArray();
        var versions = (await Task.WhenAll(writes)).Select(r => r.CommitVersion).ToArray();

        Assert.AreEqual(64, versions.Distinct().Count());
        Assert.AreEqual(64, (await ups.ScanAsync()).Count);
        Assert.IsTrue(ups.Engine.CommitBatches < 64, $"{ups.Engine.CommitBatches} batches for 64 concurrent writes");
        await app.StopAsync();
    }

    [TestMethod]
    public async Task ATransactionBeginsWritesReadsItsOwnRowsAndCommitsOverTheRealRpc()
    {
        using var ups = new UpsHarness();
        var options = new RpcOptions();
        var (app, address) = await StartServerAsync(ups, options);
        await using var _ = app;
        await using var pool = new RpcClientPool(options);

        var begun = await pool.CallAsync(address, PacketCodes.UpsBeginTx, new BeginTxRequest(), BeginTxResponse.Parser);
        Assert.AreNotEqual(0UL, begun.TxId);
        var apply = new ApplyRequest { TxId = begun.TxId };
        apply.Mutations.Add(Insert(1, C(1, "mine")));
        await pool.CallAsync(address, PacketCodes.UpsApply, apply, ApplyResponse.Parser);

        var others = await pool.CallAsync(address, PacketCodes.UpsScanIncrement, new ScanIncrementRequest { TableId = UpsHarness.Table }, ScanIncrementResponse.Parser);
        Assert.AreEqual(0, IncrementRowsBlock.Decode(others.Rows.Span).Count);
        var own = await pool.CallAsync(address, PacketCodes.UpsScanIncrement, new ScanIncrementRequest { TableId = UpsHarness.Table, TxId = begun.TxId }, ScanIncrementResponse.Parser);
        Assert.AreEqual("mine", Cell(IncrementRowsBlock.Decode(own.Rows.Span).Single(), 1)!.Value.String);

        var ended = await pool.CallAsync(address, PacketCodes.UpsEndTx, new EndTxRequest { TxId = begun.TxId, Commit = true }, EndTxResponse.Parser);
        Assert.AreEqual(ended.CommitVersion, ups.Engine.CommittedVersion);
        var again = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            pool.CallAsync(address, PacketCodes.UpsEndTx, new EndTxRequest { TxId = begun.TxId }, EndTxResponse.Parser));
        Assert.AreEqual(6010, again.Code);
        await app.StopAsync();
    }

    [TestMethod]
    public async Task AMasterWhoseLeaseRanOutFixesNoSnapshotAndServesNoIncrements()
    {
        using var ups = new UpsHarness();
        var options = new RpcOptions();
        var holdsLease = true;
        var (app, address) = await StartServerAsync(ups, options, isMaster: () => true, holdsLease: () => holdsLease);
        await using var _ = app;
        await using var pool = new RpcClientPool(options);
        var apply = new ApplyRequest();
        apply.Mutations.Add(Insert(1, C(1, "one")));
        var applied = await pool.CallAsync(address, PacketCodes.UpsApply, apply, ApplyResponse.Parser);
        Assert.AreEqual(applied.CommitVersion, (await pool.CallAsync(address, PacketCodes.UpsCommittedVersion, new Empty(), CommittedVersionResponse.Parser)).Version);

        // Still master by its own flag, but the lease lapsed (a successor may have committed since).
        holdsLease = false;
        var version = await Assert.ThrowsExceptionAsync<RpcException>(() => pool.CallAsync(address, PacketCodes.UpsCommittedVersion, new Empty(), CommittedVersionResponse.Parser));
        Assert.AreEqual(WireErrorCodes.NotMaster, version.Code);
        var scan = await Assert.ThrowsExceptionAsync<RpcException>(() => pool.CallAsync(address, PacketCodes.UpsScanIncrement, new ScanIncrementRequest { TableId = UpsHarness.Table }, ScanIncrementResponse.Parser));
        Assert.AreEqual(WireErrorCodes.NotMaster, scan.Code);
        await app.StopAsync();
    }

    private static async Task<(WebApplication App, string Address)> StartServerAsync(UpsHarness ups, RpcOptions options,
        Func<bool>? isMaster = null, Func<bool>? holdsLease = null)
    {
        var registry = new RpcHandlerRegistry();
        new UpsEndpoints(() => ups.Engine, isMaster, holdsLease).MapTo(registry);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseConnectionHandler<RpcConnectionHandler>()));
        var app = builder.Build();
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return (app, $"127.0.0.1:{port}");
    }
}
