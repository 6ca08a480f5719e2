using Microsoft.Extensions.Logging;
using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

internal static class EngineLog
{
    public static void LogStatementFailure(this ILogger logger, Exception e, Statement statement)
    {
        string text;
        try
        {
            text = statement.ToSql();
        }
        catch (ExprException)
        {
            text = "(too deep to print)";
        }

        logger.LogError(e, "statement failed: {Sql}", text.Length > 200 ? text[..200] + "…" : text);
    }

    public static void LogRollbackFailed(this ILogger logger, Exception e, uint connectionId) =>
        logger.LogWarning("connection {ConnectionId}: transaction rollback failed (the UPS idle timeout ends it): {Error}", connectionId, e.Message);
}
