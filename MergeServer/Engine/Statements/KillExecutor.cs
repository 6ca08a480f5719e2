using System.Globalization;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// KILL [CONNECTION | QUERY] id: finds the session on this MergeServer (a connection lives on one
// MergeServer) and interrupts its statement or closes it; an unknown id is 1094, as in MySQL.
public static class KillExecutor
{
    public static void Execute(KillStatement s, Session.StatementContext context, IResultSink sink)
    {
        if (s.ConnectionId < 0 || s.ConnectionId > uint.MaxValue
            || !context.Engine.Sessions.TryGetValue((uint)s.ConnectionId, out var target))
        {
            throw SqlError.FromCode(ErrorCodes.NoSuchThread, $"Unknown thread id: {s.ConnectionId.ToString(CultureInfo.InvariantCulture)}");
        }

        // Another user's connection: only with SUPER or CONNECTION ADMIN (1095, as MariaDB; PROCESS only
        // lets one see it).
        if (target.User != context.Session.User
            && (context.Privileges.Global & (Privilege.Super | Privilege.ConnectionAdmin)) == 0)
        {
            throw SqlError.FromCode(ErrorCodes.KillDenied, $"You are not owner of thread {s.ConnectionId.ToString(CultureInfo.InvariantCulture)}");
        }

        if (s.QueryOnly)
        {
            if (!ReferenceEquals(target, context.Session))
                target.InterruptStatement();
        }
        else
        {
            target.Kill();
        }

        sink.Ok(0, 0);
    }
}
