using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// __all_server: the RootServers and every server registered with the primary (RsGetServers).
// corrupt_replicas: the alarm of a ChunkServer whose tablet replicas failed a check, counted until the
// RootServer has them replaced by healthy copies.
public sealed class AllServerView : ISystemView
{
    public TableSchema Schema { get; } = new(1, SystemDatabase.Name, "__all_server",
    [
        new ColumnSchema(1, "role", ColumnType.VarChar, 16, Nullable: false),
        new ColumnSchema(2, "address", ColumnType.VarChar, 128, Nullable: false),
        new ColumnSchema(3, "sql_address", ColumnType.VarChar, 128),
        new ColumnSchema(4, "status", ColumnType.VarChar, 8, Nullable: false),
        new ColumnSchema(5, "lease_expires", ColumnType.DateTime),
        new ColumnSchema(6, "is_ups_master", ColumnType.Bool, Nullable: false),
        new ColumnSchema(7, "log_seq", ColumnType.BigInt, Unsigned: true, Nullable: false),
        new ColumnSchema(8, "is_rs_primary", ColumnType.Bool, Nullable: false),
        new ColumnSchema(9, "corrupt_replicas", ColumnType.BigInt, Unsigned: true, Nullable: false),
    ], [1]);

    public async ValueTask<IReadOnlyList<ObObj[]>> LoadAsync(StatementContext context, SystemViewFilter filter)
    {
        var gateway = context.Engine.Gateway;
        var response = await gateway.GetServersAsync(context.Ct);
        return [.. response.Servers
            .OrderBy(s => s.Role)
            .ThenBy(s => s.Address, StringComparer.Ordinal)
            .Select(ToRow)];
    }

    private static ObObj[] ToRow(ServerInfo s) =>
    [
        ObObj.FromString(RoleName(s.Role)),
        ObObj.FromString(s.Address),
        s.SqlAddress.Length == 0 ? ObObj.Null : ObObj.FromString(s.SqlAddress),
        ObObj.FromString(s.Alive ? "alive" : "dead"),
        s.LeaseExpiresUnixMs == 0 ? ObObj.Null : ObObj.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(s.LeaseExpiresUnixMs).UtcDateTime),
        ObObj.FromBool(s.IsUpsMaster),
        ObObj.FromUInt(s.LogSeq),
        ObObj.FromBool(s.IsRsPrimary),
        ObObj.FromUInt(s.CorruptReplicas),
    ];

    public static string RoleName(ServerRole role) => role switch
    {
        ServerRole.RootServer => "rootserver",
        ServerRole.UpdateServer => "updateserver",
        ServerRole.ChunkServer => "chunkserver",
        ServerRole.MergeServer => "mergeserver",
        _ => "unknown",
    };
}
