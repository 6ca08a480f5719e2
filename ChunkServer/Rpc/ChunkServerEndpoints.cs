using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.ChunkServer.Rpc;

// The packets a ChunkServer serves: CsScanTablet (rows of a tablet range as of a read version,
// Scan/TabletScanService) and CsFetchTablet (chunks of a baseline SSTable for a new replica,
// TabletStore/TabletFetchService), and CsRevokeIncrementLease from the UpdateServer master (answered once
// the table's increment lease is over here, Scan/IncrementLeaseCache).
public sealed class ChunkServerEndpoints(TabletScanService scans, TabletFetchService fetches, IncrementLeaseCache leases) : IRpcEndpoints
{
    public void MapTo(IRpcEndpointMap map)
    {
        map.Register<TabletScanRequest, TabletScanResponse>(
            PacketCodes.CsScanTablet, TabletScanRequest.Parser, (req, ctx) => new ValueTask<TabletScanResponse>(scans.ScanAsync(req, ctx.CancellationToken)));
        map.Register<TabletFetchRequest, TabletFetchResponse>(
            PacketCodes.CsFetchTablet, TabletFetchRequest.Parser, (req, ctx) => fetches.ServeAsync(req, ctx.CancellationToken));
        map.Register(PacketCodes.CsRevokeIncrementLease, RevokeIncrementLeaseRequest.Parser, (req, _) =>
        {
            leases.Revoke(req.TableId);
            return ValueTask.FromResult(new Empty());
        });
    }
}
