using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.Schema;

using OceanClassic.RootServer.DailyMerge;

namespace OceanClassic.RootServer.Rpc;

// The daily merge's packets: a major freeze asked for by an operator (RsMajorFreeze) and the
// ChunkServers' tablet reports (RsReportTablets), both answered by the DailyMergeCoordinator.
public sealed class DailyMergeEndpoints(DailyMergeCoordinator merge, Func<SchemaService> schema, Func<string?> upsMaster) : IRpcEndpoints
{
    public void MapTo(IRpcEndpointMap map)
    {
        map.Register(PacketCodes.RsMajorFreeze, Empty.Parser, async (_, c) =>
            await merge.MajorFreezeAsync(schema(), upsMaster(), c.CancellationToken).ConfigureAwait(false));
        map.Register(PacketCodes.RsReportTablets, TabletReportRequest.Parser, async (r, c) =>
            await merge.ReportAsync(schema(), r, c.CancellationToken).ConfigureAwait(false));
    }
}
