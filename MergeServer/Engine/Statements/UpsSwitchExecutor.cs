using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// ALTER SYSTEM SWITCH UPS MASTER [TO 'host:port']: the RootServer moves the master role after the
// target has the whole log; this MergeServer then sends writes to the new master at once.
public static class UpsSwitchExecutor
{
    public static async ValueTask ExecuteAsync(AlterSystemStatement statement, StatementContext context, IResultSink sink)
    {
        var gateway = context.Engine.Gateway;
        try
        {
            var response = await gateway.SwitchUpsMasterAsync(statement.Target, context.Ct);
            gateway.OnUpsMaster(response.NewMaster);
        }
        catch (ClusterUnavailableException e)
        {
            throw new SqlError(ErrorCodes.Unknown, "HY000", $"RootServer unavailable ({e.Message})");
        }
        sink.Ok(0, 0);
    }
}
