using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Cluster;

// One row as a ChunkServer's tablet baseline holds it, without the UpdateServer's increments
// (TabletScanRequest.baseline_only: no ChunkServer -> UpdateServer call): what an evaluated UPDATE or DELETE
// sends the UpdateServer, which folds its increments newer than the baseline's version over it under the
// row's lock (Statements/UpsEvaluatedUpdate, UpdateServer/Evaluation/EvaluatedRow). Safe at any time: a
// baseline of version v never changes, and the answer names the version of the tablet read (a replica may
// already serve a newer one than the location cache knows); a UpdateServer that released increments above
// it refuses (6101). Every column of the table, in column order, as TabletScanResponse.rows encodes them
// (passed on as they are). Null when no replica answers, or one answers without a baseline version (a
// ChunkServer that fused increments): the statement then runs the ordinary way, which retries.
public static class BaselineRowReader
{
    public static async ValueTask<(ByteString Rows, ulong Version)?> ReadAsync(
        IClusterGateway gateway, TableSchema table, TabletLocation tablet, byte[] rowKey, CancellationToken ct)
    {
        var request = new TabletScanRequest { TableId = table.TableId, Range = ScanRange.Point(rowKey).ToProto(), BaselineOnly = true };
        foreach (var column in table.Columns)
            request.ColumnIds.Add(column.Id);
        foreach (var replica in tablet.ReplicaOrder())
        {
            try
            {
                var response = await gateway.ScanTabletAsync(replica, request, ct);
                if (response.BaselineVersion == 0 || response.HasMore || response.RowCount > 1)
                    return null;
                return (response.Rows, response.BaselineVersion);
            }
            catch (ClusterUnavailableException)
            {
            }
            catch (SqlError e) when (e.Code is WireErrorCodes.TabletNotServedHere or WireErrorCodes.TabletReplicaCorrupt)
            {
            }
        }
        return null;
    }
}
