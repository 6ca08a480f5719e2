using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

// A scan that meets a baseline failing its CRC answers 6003 (the MergeServer tries another replica)
// and takes the tablet out of service here, queued for quarantine and the RootServer's alarm.
[TestClass]
public sealed class CorruptReplicaScanTests
{
    private const ulong TableId = 5;

    [TestMethod]
    public async Task AScanThatMeetsACorruptBlockAnswersReplicaCorruptAndStopsServingTheTablet()
    {
        var (map, tablet, corrupt, service, request) = Setup("cs1:1", "cs2:1");

        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(request, default));
        Assert.AreEqual(WireErrorCodes.TabletReplicaCorrupt, error.Code);
        StringAssert.Contains(error.Message, "block 0");
        StringAssert.Contains(error.Message, $"table {TableId}");
        Assert.IsFalse(error.Message.Contains('/', StringComparison.Ordinal), "no server file path: " + error.Message);
        Assert.AreEqual(0, map.Count, "the corrupt replica is no longer served");
        error = await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(request, default));
        Assert.AreEqual(WireErrorCodes.TabletNotServedHere, error.Code, "later reads are sent elsewhere");

        var pending = corrupt.TakePending();
        Assert.AreEqual(1, pending.Count);
        Assert.AreSame(tablet, pending[0]);
        Assert.AreEqual(TableId, corrupt.Reported.Single().Tablet.TableId, "the RootServer hears of it");
        Assert.AreEqual(0, corrupt.TakePending().Count);
    }

    [TestMethod]
    public async Task TheOnlyReplicaOfATabletAnswersReplicaCorruptButKeepsServingItsOtherBlocks()
    {
        var (map, _, corrupt, service, request) = Setup("cs1:1");

        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(request, default));
        Assert.AreEqual(WireErrorCodes.TabletReplicaCorrupt, error.Code);
        Assert.AreEqual(1, map.Count, "no other replica could replace it");
        Assert.AreEqual(0, corrupt.TakePending().Count);
    }

    // A tablet of TableId on cs1:1 (this server) whose baseline fails its CRC, assigned to replicas.
    private static (TabletMap, Tablet, CorruptReplicas, TabletScanService, TabletScanRequest) Setup(params string[] replicas)
    {
        var map = new TabletMap();
        var tablet = new Tablet(TableId, Range(null, null), 1, new CorruptBaseline()) { SSTable = "t5.sst", RowCount = 10 };
        map.Load([tablet]);
        var corrupt = new CorruptReplicas(map, "cs1:1", NullLogger.Instance);
        var assigned = Tablet(TableId, null, null);
        assigned.Replicas.AddRange(replicas);
        corrupt.OnAssigned([assigned]);
        var service = new TabletScanService(map, new ListIncrementSource([], latestVersion: 9), corrupt);
        var request = new TabletScanRequest { TableId = TableId, Range = Range(null, null) };
        request.ColumnIds.Add(0);
        return (map, tablet, corrupt, service, request);
    }

    private sealed class CorruptBaseline : ITabletBaseline
    {
        public async IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, [EnumeratorCancellation] CancellationToken ct, IReadOnlyList<ObObj>? absent = null)
        {
            await Task.Yield();
            throw new SSTableCorruptException("SSTable t5.sst: data block 0 at offset 0 CRC mismatch") { FilePath = "t5.sst", BlockIndex = 0, BlockOffset = 0 };
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }
}
