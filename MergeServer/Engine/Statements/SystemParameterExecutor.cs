using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// ALTER SYSTEM SET name = 'value': cluster-wide parameters the RootServer persists. One so far:
// ups_replication = 'shipping' | 'majority' (how the UpdateServer master acknowledges writes; every
// UPS switches with its next heartbeat, online and without failing writes). An unknown name is
// 1193, a bad value 1231, as MariaDB's SET GLOBAL answers.
public static class SystemParameterExecutor
{
    public static async ValueTask ExecuteAsync(AlterSystemStatement statement, StatementContext context, IResultSink sink)
    {
        var name = statement.Parameter ?? "";
        if (!name.Equals("ups_replication", StringComparison.OrdinalIgnoreCase))
            throw new SqlError(ErrorCodes.UnknownSystemVariable, "HY000", $"Unknown system variable '{name}'");
        var value = (statement.Target ?? "").Trim().ToLowerInvariant();
        if (value is not ("shipping" or "majority"))
            throw new SqlError(ErrorCodes.WrongValueForVariable, "42000", $"Variable '{name}' can't be set to the value of '{statement.Target}'");
        try
        {
            await context.Engine.Gateway.SetUpsReplicationAsync(value, context.Ct);
        }
        catch (ClusterUnavailableException e)
        {
            throw new SqlError(ErrorCodes.Unknown, "HY000", $"RootServer unavailable ({e.Message})");
        }
        sink.Ok(0, 0);
    }
}
