using System.Globalization;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// __all_merge_stat: daily merge progress, one row per live ChunkServer (from its Status).
public sealed class AllMergeStatView : ISystemView
{
    public TableSchema Schema { get; } = new(3, SystemDatabase.Name, "__all_merge_stat",
    [
        new ColumnSchema(1, "address", ColumnType.VarChar, 128, Nullable: false),
        new ColumnSchema(2, "frozen_version", ColumnType.BigInt, Unsigned: true, Nullable: false),
        new ColumnSchema(3, "merged_version", ColumnType.BigInt, Unsigned: true, Nullable: false),
        new ColumnSchema(4, "tablets_total", ColumnType.BigInt, Nullable: false),
        new ColumnSchema(5, "tablets_merged", ColumnType.BigInt, Nullable: false),
    ], [1]);

    public async ValueTask<IReadOnlyList<ObObj[]>> LoadAsync(StatementContext context, SystemViewFilter filter)
    {
        var gateway = context.Engine.Gateway;
        var servers = await gateway.GetServersAsync(context.Ct);
        var chunkServers = servers.Servers.Where(s => s.Role == ServerRole.ChunkServer && s.Alive)
            .Select(s => s.Address).Order(StringComparer.Ordinal).ToList();
        var statuses = await Task.WhenAll(chunkServers.Select(a => StatusAsync(gateway, a, context.Ct)));
        return [.. chunkServers.Zip(statuses, (address, s) => new[]
        {
            ObObj.FromString(address),
            ObObj.FromUInt(Value(s, "frozen_version")),
            ObObj.FromUInt(Value(s, "merged_version")),
            ObObj.FromInt((long)Value(s, "tablets_total")),
            ObObj.FromInt((long)Value(s, "tablets_merged")),
        })];
    }

    // A ChunkServer that does not answer (dead, restarting) shows zeros rather than failing the view.
    private static async Task<StatusResponse> StatusAsync(IClusterGateway gateway, string address, CancellationToken ct)
    {
        try
        {
            return await gateway.GetStatusAsync(address, ct);
        }
        catch (Exception e) when (e is ClusterUnavailableException or SqlError)
        {
            return new StatusResponse { Address = address };
        }
    }

    private static ulong Value(StatusResponse s, string key) =>
        s.Values.TryGetValue(key, out var text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
