using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Dump;
using OceanClassic.UpdateServer.Replication;
using OceanClassic.UpdateServer.Engine;

namespace OceanClassic.UpdateServer.Rpc;

// The packets UpdateServers send each other: a backup fetching the master's log (UpsFetchLog) and
// its dumps (UpsFetchDump), any UPS reading another's own durable log whatever its role (UpsReadLog,
// tail repair), the master handing over to a backup (UpsHandOver), and the RootServer starting a
// term (UpsPrepareTerm, majority election).
public sealed class ReplicationEndpoints(Func<UpdateEngine?> engine, UpsReplicationCoordinator replication, string dataDir) : IRpcEndpoints
{
    public void MapTo(IRpcEndpointMap map)
    {
        map.Register(PacketCodes.UpsFetchLog, FetchLogRequest.Parser,
            (req, ctx) => replication.Replicator.FetchAsync(req, ctx.CancellationToken));
        map.Register(PacketCodes.UpsFetchDump, FetchDumpRequest.Parser,
            (req, ctx) => DumpShipping.ServeAsync(dataDir, req, ctx.CancellationToken));
        map.Register(PacketCodes.UpsReadLog, FetchLogRequest.Parser, (req, _) => ValueTask.FromResult(ReadOwnLog(req)));
        map.Register(PacketCodes.UpsHandOver, HandOverRequest.Parser,
            (req, ctx) => replication.HandOverAsync(req, ctx.CancellationToken));
        map.Register(PacketCodes.UpsPrepareTerm, PrepareTermRequest.Parser,
            (req, ctx) => replication.PrepareTermAsync(req, ctx.CancellationToken));
    }

    private FetchLogResponse ReadOwnLog(FetchLogRequest request)
    {
        var current = engine() ?? throw new RpcException(RpcErrorCodes.Internal, "UpdateServer is starting");
        var durable = current.LogSequence;
        var response = new FetchLogResponse { MasterSeq = durable };
        if (request.FromSeq > durable || request.FromSeq == 0)
            return response;
        var logDirectory = Path.Combine(dataDir, CommitLogFiles.DirectoryName);
        var (bytes, first, last) = CommitLogReader.Read(logDirectory, request.FromSeq, durable, Math.Clamp(request.MaxBytes, 1, 4 << 20));
        response.Entries = UnsafeByteOperations.UnsafeWrap(bytes);
        response.FirstSeq = first;
        response.LastSeq = last;
        return response;
    }
}
