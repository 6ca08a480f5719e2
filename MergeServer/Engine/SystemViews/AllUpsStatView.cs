using System.Globalization;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// __all_ups_stat: one row per UpdateServer the RootServer knows, from that UPS's own Status packet
// (its role as it sees it, lease, log sequences, MemTable sizes, group-commit counters). A UPS that
// does not answer shows its address and the RS's view of its role and last log sequence, with the rest
// NULL. in_sync and status are the RS's view: in_sync is the master, or a backup the master confirmed
// in its sync set (electable); status is 'dead' once the UPS's server lease lapsed (a killed old
// master keeps its last known log_seq and reads as a backup until it returns). replication, term and
// commit_seq: the UPS's ups_replication mode, the newest UPS term it knows, and its commit point.
public sealed class AllUpsStatView : ISystemView
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(2);

    public TableSchema Schema { get; } = new(2, SystemDatabase.Name, "__all_ups_stat",
    [
        new ColumnSchema(1, "address", ColumnType.VarChar, 128, Nullable: false),
        new ColumnSchema(2, "role", ColumnType.VarChar, 16, Nullable: false),
        new ColumnSchema(3, "lease_expires", ColumnType.DateTime),
        new ColumnSchema(4, "log_seq", ColumnType.BigInt, Unsigned: true),
        new ColumnSchema(5, "synced_seq", ColumnType.BigInt, Unsigned: true),
        new ColumnSchema(6, "active_memtable_bytes", ColumnType.BigInt),
        new ColumnSchema(7, "frozen_memtable_bytes", ColumnType.BigInt),
        new ColumnSchema(8, "commit_batches", ColumnType.BigInt),
        new ColumnSchema(9, "fsyncs", ColumnType.BigInt),
        new ColumnSchema(10, "in_sync", ColumnType.Bool, Nullable: false),
        new ColumnSchema(11, "status", ColumnType.VarChar, 8, Nullable: false),
        new ColumnSchema(12, "replication", ColumnType.VarChar, 16),
        new ColumnSchema(13, "term", ColumnType.BigInt, Unsigned: true),
        new ColumnSchema(14, "commit_seq", ColumnType.BigInt, Unsigned: true),
    ], [0]);

    public async ValueTask<IReadOnlyList<ObObj[]>> LoadAsync(StatementContext context, SystemViewFilter filter)
    {
        var gateway = context.Engine.Gateway;
        var servers = (await gateway.GetServersAsync(context.Ct)).Servers
            .Where(s => s.Role == ServerRole.UpdateServer)
            .OrderBy(s => s.Address, StringComparer.Ordinal)
            .ToList();
        var statuses = await Task.WhenAll(servers.Select(s => StatusOrNullAsync(gateway, s, context.Ct)));
        return [.. servers.Select((s, i) => ToRow(s, statuses[i]))];
    }

    private static async Task<StatusResponse?> StatusOrNullAsync(IClusterGateway gateway, ServerInfo server, CancellationToken ct)
    {
        if (!server.Alive)
            return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StatusTimeout);
        try
        {
            return await gateway.StatusAsync(server.Address, timeout.Token);
        }
        catch (Exception e) when (e is RpcException or ClusterUnavailableException or SqlError or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static ObObj[] ToRow(ServerInfo server, StatusResponse? status)
    {
        var values = status?.Values;
        string? Get(string key) => values is not null && values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        ObObj Long(string key) => Get(key) is { } v && long.TryParse(v, CultureInfo.InvariantCulture, out var n) ? ObObj.FromInt(n) : ObObj.Null;
        ObObj ULong(string key) => Get(key) is { } v && ulong.TryParse(v, CultureInfo.InvariantCulture, out var n) ? ObObj.FromUInt(n) : ObObj.Null;
        var role = Get("role") ?? (server.IsUpsMaster ? "master" : "backup");
        var lease = Get("lease_expires_unix_ms") is { } ms && long.TryParse(ms, CultureInfo.InvariantCulture, out var unixMs)
            ? ObObj.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime)
            : ObObj.Null;
        return
        [
            ObObj.FromString(server.Address),
            ObObj.FromString(role),
            lease,
            values is null ? ObObj.FromUInt(server.LogSeq) : ULong("log_seq"),
            ULong("synced_seq"),
            Long("active_memtable_bytes"),
            Long("frozen_memtable_bytes"),
            Long("commit_batches"),
            Long("fsyncs"),
            ObObj.FromBool(server.UpsInSync),
            ObObj.FromString(server.Alive ? "alive" : "dead"),
            Get("replication") is { } replication ? ObObj.FromString(replication) : ObObj.Null,
            ULong("term"),
            ULong("commit_seq"),
        ];
    }
}
