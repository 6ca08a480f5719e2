using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT. The session keeps the names; the UPS session
// keeps what each savepoint saved (SavepointRequest), so ROLLBACK TO undoes the writes made since while
// the transaction goes on. Outside a transaction (autocommit) a savepoint ends with its own statement,
// so SAVEPOINT is accepted and ROLLBACK TO / RELEASE find nothing (1305), as in MySQL.
public static class SavepointExecutor
{
    public static async ValueTask ExecuteAsync(SavepointStatement s, Session.StatementContext context, IResultSink sink)
    {
        var transaction = context.Session.Transaction;
        var index = transaction.Savepoints.FindIndex(n => string.Equals(n, s.Name, StringComparison.OrdinalIgnoreCase));
        if (s.Command != SavepointCommand.Set && index < 0)
            throw SqlError.FromCode(ErrorCodes.SavepointDoesNotExist, $"SAVEPOINT {s.Name} does not exist");
        var txId = await context.Session.WriteTxIdAsync(context.Ct);
        if (txId == 0)
        {
            sink.Ok(0, 0);
            return;
        }

        var op = s.Command switch
        {
            SavepointCommand.Set => SavepointOp.SavepointSet,
            SavepointCommand.RollbackTo => SavepointOp.SavepointRollbackTo,
            _ => SavepointOp.SavepointRelease,
        };
        var response = await context.Engine.Gateway.SavepointAsync(new SavepointRequest { TxId = txId, Name = s.Name, Op = op }, context.Ct);
        if (!response.Found)
            throw SqlError.FromCode(ErrorCodes.SavepointDoesNotExist, $"SAVEPOINT {s.Name} does not exist");
        switch (s.Command)
        {
            case SavepointCommand.Set:
                if (index >= 0)
                    transaction.Savepoints.RemoveAt(index);
                transaction.Savepoints.Add(s.Name);
                break;
            case SavepointCommand.RollbackTo:
                transaction.Savepoints.RemoveRange(index + 1, transaction.Savepoints.Count - index - 1);
                break;
            default:
                transaction.Savepoints.RemoveRange(index, transaction.Savepoints.Count - index);
                break;
        }

        sink.Ok(0, 0);
    }
}
