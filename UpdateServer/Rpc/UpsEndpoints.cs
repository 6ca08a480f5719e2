using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Engine;

namespace OceanClassic.UpdateServer.Rpc;

// The UPS packets that reach the engine (null until the engine has replayed its log): writes,
// transactions, increment scans, auto-increment, freezes. isMaster (null: always): reads that pick a
// snapshot are only served by the master, so a MergeServer still pointing at a former master is told
// 6100 and looks the master up again. Increment scans and the committed version (which fixes a
// statement's snapshot) need holdsLease (null: isMaster): a master whose lease ran out (paused, cut
// off) may already have a successor whose writes it lacks, so its version would fix a stale snapshot
// (6100 too).
public sealed class UpsEndpoints(Func<UpdateEngine?> engine, Func<bool>? isMaster = null, Func<bool>? holdsLease = null) : IRpcEndpoints
{
    public void MapTo(IRpcEndpointMap map)
    {
        UpdateEngine Engine() => engine() ?? throw new RpcException(RpcErrorCodes.Internal, "UpdateServer is starting");

        map.Register(PacketCodes.UpsApply, ApplyRequest.Parser,
            (req, ctx) => Engine().ApplyAsync(req, ctx.CancellationToken));
        var servesReads = holdsLease ?? isMaster;
        map.Register(PacketCodes.UpsScanIncrement, ScanIncrementRequest.Parser,
            (req, ctx) =>
            {
                if (servesReads is not null && !servesReads())
                    throw new RpcException(WireErrorCodes.NotMaster, "not the UpdateServer master (or its lease ran out): increments are read from the master");
                // On this read loop while the walk is short; a long one continues off it (UpdateEngine.Scan.cs).
                return Engine().ScanIncrementAsync(req, ctx.CancellationToken);
            });
        map.Register(PacketCodes.UpsAllocAutoInc, AllocAutoIncRequest.Parser,
            (req, ctx) => Engine().AllocAutoIncAsync(req, ctx.CancellationToken));
        map.Register(PacketCodes.UpsBeginTx, BeginTxRequest.Parser,
            (req, ctx) => ValueTask.FromResult(Engine().BeginTx(req, ctx.CancellationToken)));
        map.Register(PacketCodes.UpsEndTx, EndTxRequest.Parser,
            (req, ctx) => Engine().EndTxAsync(req, ctx.CancellationToken));
        map.Register(PacketCodes.UpsSavepoint, SavepointRequest.Parser,
            (req, ctx) => Engine().SavepointAsync(req, ctx.CancellationToken));
        map.Register(PacketCodes.UpsMajorFreeze, Empty.Parser,
            (_, _) => ValueTask.FromResult(new MajorFreezeResponse { FrozenVersion = Engine().MajorFreeze() }));
        map.Register(PacketCodes.UpsMinorFreeze, Empty.Parser,
            async (_, ctx) =>
            {
                if (isMaster is not null && !isMaster())
                    throw new RpcException(WireErrorCodes.NotMaster, "not the UpdateServer master");
                var engine = Engine();
                var dump = await engine.MinorFreezeAsync(ctx.CancellationToken).ConfigureAwait(false);
                return new MinorFreezeResponse
                {
                    FrozenVersion = dump.LastVersion,
                    LogSeq = dump.LogSequence,
                    DumpRows = dump.RowCount,
                    DumpBytes = engine.DumpFileBytes,
                };
            });
        map.Register(PacketCodes.UpsCommittedVersion, Empty.Parser,
            (_, _) => servesReads is null || servesReads()
                ? ValueTask.FromResult(new CommittedVersionResponse { Version = Engine().CommittedVersion })
                : throw new RpcException(WireErrorCodes.NotMaster, "not the UpdateServer master (or its lease ran out)"));
    }
}
