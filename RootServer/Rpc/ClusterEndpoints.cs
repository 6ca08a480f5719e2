using Microsoft.Extensions.Logging;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.Balance;
using OceanClassic.RootServer.DailyMerge;
using OceanClassic.RootServer.Pair;
using OceanClassic.RootServer.Schema;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Rpc;

// The cluster's and the schema's packets, answered by the primary of the pair (mapped through
// Pair/PrimaryRpc): heartbeats (leases, the UPS master, versions, the tablets a ChunkServer must
// hold), the server list, schema changes and the root table's tablet locations.
public sealed class ClusterEndpoints(RoleContext context, ServerRegistry registry, UpsMasterElection election, TabletPlacement placement,
    DailyMergeCoordinator merge, RsPair pair, Func<SchemaService> schema, ILogger log) : IRpcEndpoints
{
    private SchemaService Schema => schema();

    public void MapTo(IRpcEndpointMap rpc)
    {
        rpc.Register(PacketCodes.RsHeartbeat, HeartbeatRequest.Parser, HeartbeatAsync);
        rpc.Register(PacketCodes.RsSetUpsReplication, SetUpsReplicationRequest.Parser, async (r, c) =>
        {
            var replication = r.Replication.Trim().ToLowerInvariant();
            if (replication is not ("shipping" or "majority"))
                throw new RpcException(WireErrorCodes.WrongArguments, $"Variable 'ups_replication' can't be set to the value of '{r.Replication}'");
            await election.SetReplicationAsync(replication, c.CancellationToken).ConfigureAwait(false);
            return new Empty();
        });
        rpc.Register(PacketCodes.RsGetServers, Empty.Parser, async (_, c) =>
        {
            await election.SettledAsync(c.CancellationToken).ConfigureAwait(false);
            var response = new ServerListResponse();
            response.Servers.AddRange(registry.Snapshot(election.Master));
            foreach (var s in response.Servers)
            {
                s.UpsInSync = s.Role == ServerRole.UpdateServer && election.IsInSync(s.Address);
                s.CorruptReplicas = s.Role == ServerRole.ChunkServer ? (uint)merge.Reports.CorruptReplicaCount(s.Address) : 0;
            }
            // The RootServers themselves: this primary, and its backup (alive while it takes renewals).
            response.Servers.Insert(0, new ServerInfo { Role = ServerRole.RootServer, Address = context.Address, Alive = true, IsRsPrimary = true });
            if (pair.Peer is { } peer)
                response.Servers.Insert(1, new ServerInfo { Role = ServerRole.RootServer, Address = peer, Alive = pair.PeerInSync });
            return response;
        });
        rpc.Register(PacketCodes.RsGetSchema, Empty.Parser, async (_, c) =>
            await Schema.ReadAsync(Schema.Snapshot, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsCreateDatabase, CreateDatabaseRequest.Parser, async (r, c) =>
            await Schema.CreateDatabaseAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsDropDatabase, DropDatabaseRequest.Parser, async (r, c) =>
            await Schema.DropDatabaseAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsCreateTable, CreateTableRequest.Parser, async (r, c) =>
        {
            // A restarted or newly primary RS knows no ChunkServer until they heartbeat: a table placed
            // now would have no replica.
            if (!registry.Live(ServerRole.ChunkServer).Any())
                throw new RpcException(WireErrorCodes.Unknown, "no ChunkServer has registered with the RootServer yet (it may have just started or taken over); retry");
            return await Schema.CreateTableAsync(r, placement.Place, c.CancellationToken).ConfigureAwait(false);
        });
        rpc.Register(PacketCodes.RsChangeAccounts, AccountChangeRequest.Parser, async (r, c) =>
            await Schema.ChangeAccountsAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsDropTable, DropTableRequest.Parser, async (r, c) =>
            await Schema.DropTableAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsIndexDdl, IndexDdlRequest.Parser, async (r, c) =>
        {
            if (r.Add.Count > 0 && !registry.Live(ServerRole.ChunkServer).Any())
                throw new RpcException(WireErrorCodes.Unknown, "no ChunkServer has registered with the RootServer yet (it may have just started or taken over); retry");
            return await Schema.IndexDdlAsync(r, placement.Place, c.CancellationToken).ConfigureAwait(false);
        });
        rpc.Register(PacketCodes.RsAlterTables, AlterTablesRequest.Parser, async (r, c) =>
            await Schema.AlterTablesAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsTruncateTable, TruncateTableRequest.Parser, async (r, c) =>
        {
            if (!registry.Live(ServerRole.ChunkServer).Any())
                throw new RpcException(WireErrorCodes.Unknown, "no ChunkServer has registered with the RootServer yet (it may have just started or taken over); retry");
            return await Schema.TruncateTableAsync(r, placement.Place, c.CancellationToken).ConfigureAwait(false);
        });
        rpc.Register(PacketCodes.RsSwitchUpsMaster, SwitchUpsMasterRequest.Parser, (r, c) =>
            new UpsMasterSwitch(registry, election, context.Clients, log).SwitchAsync(r, c.CancellationToken));
        rpc.Register(PacketCodes.RsReportUpsSyncSet, UpsSyncSetRequest.Parser, async (r, c) =>
            await election.ReportSyncSetAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsGetTablets, TabletLocationRequest.Parser, async (r, c) =>
            await Schema.ReadAsync(s => Locations(s, r.TableId), c.CancellationToken).ConfigureAwait(false));
    }

    private TabletLocationResponse Locations(RsState s, ulong tableId)
    {
        var response = new TabletLocationResponse { RootTableVersion = s.RootTableVersion };
        var reports = new ReplicaHoldings(merge.Reports);
        foreach (var t in s.TabletsOf(tableId))
        {
            var located = InReadOrder(t, reports);
            located.CorruptReplicas.AddRange(merge.Reports.CorruptReplicasOf(t));
            response.Tablets.Add(located);
        }
        return response;
    }

    // Live replicas that reported the baseline first, then other live ones, then dead ones: a
    // MergeServer's first choice answers (a new replica still copying says 6001, a dead one times
    // out), and a new replica copies from one that has the baseline.
    private TabletInfo InReadOrder(TabletInfo t, ReplicaHoldings reports)
    {
        var copy = t.Clone();
        copy.Replicas.Clear();
        copy.Replicas.AddRange(t.Replicas.OrderBy(a => !registry.IsAlive(a) ? 2 : reports.Holds(a, t) ? 0 : 1));
        return copy;
    }

    // The state's TabletInfo is shared: a table with its own COMPRESSION gets a copy that names it.
    private static TabletInfo WithCompressMethod(RsState s, TabletInfo t)
    {
        if (s.TableById(t.TableId) is not { CompressMethod.Length: > 0 } table)
            return t;
        var copy = t.Clone();
        copy.CompressMethod = table.CompressMethod;
        return copy;
    }

    private async ValueTask<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request, RpcCallContext call)
    {
        if (string.IsNullOrEmpty(request.Address) || request.Role == ServerRole.RoleUnknown)
            throw new RpcException(RpcErrorCodes.Internal, "heartbeat needs a role and an address");
        var schema = Schema;
        registry.Heartbeat(request);
        if (request.Role == ServerRole.UpdateServer)
            election.OnHeartbeat(request);
        var master = await election.ElectAsync(call.CancellationToken).ConfigureAwait(false);
        var response = new HeartbeatResponse
        {
            LeaseMs = (long)registry.Lease.TotalMilliseconds,
            UpsMaster = master ?? "",
            YouAreUpsMaster = request.Role == ServerRole.UpdateServer && master == request.Address,
        };
        if (response.YouAreUpsMaster)
            response.UpsLeaseMs = (long)election.Lease.TotalMilliseconds;
        if (request.Role == ServerRole.UpdateServer)
            election.FillUpsHeartbeat(response);
        await schema.ReadAsync(s =>
        {
            response.SchemaVersion = s.SchemaVersion;
            response.RootTableVersion = s.RootTableVersion;
            response.FrozenVersion = s.FrozenVersion;
            response.ReleasedVersion = s.ReleasedVersion;
            if (request.Role == ServerRole.ChunkServer)
            {
                // A tablet this server has not reported yet is one it must copy: from a replica that has it.
                var reports = new ReplicaHoldings(merge.Reports);
                foreach (var t in s.AllTablets.Where(t => t.Replicas.Contains(request.Address)))
                    response.Tablets.Add(WithCompressMethod(s, reports.Holds(request.Address, t) ? t : InReadOrder(t, reports)));
            }
            return 0;
        }, call.CancellationToken).ConfigureAwait(false);
        return response;
    }
}
