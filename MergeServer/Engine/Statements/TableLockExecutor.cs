using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// LOCK TABLES / UNLOCK TABLES, FLUSH and ALTER TABLE … DISABLE / ENABLE KEYS, as dump files and
// mariadb-dump use them around their INSERTs and reads. Table locks are not needed here: every statement already runs on a consistent snapshot
// and its writes are atomic on the UpdateServer, and there are no secondary index trees to switch off.
// So each only checks that its tables exist (1146 otherwise, as MariaDB) and answers OK; FLUSH (tables,
// logs, privileges ...) has nothing to flush: MemTables freeze by their own policy and logs are synced per
// commit. FLUSH TABLES WITH READ LOCK takes no global lock: a dump made under it (mariadb-dump
// --lock-all-tables) reads each table at one moment, not all tables at the same moment, while others write. LOCK and UNLOCK
// commit an open transaction first, as MySQL does.
public static class TableLockExecutor
{
    public static async ValueTask LockAsync(LockTablesStatement s, Session.StatementContext context, IResultSink sink)
    {
        foreach (var table in s.Tables)
            await context.ResolveTableAsync(table);
        await context.Session.Transaction.CommitAsync(context.Ct);
        sink.Ok(0, 0);
    }

    public static async ValueTask UnlockAsync(Session.StatementContext context, IResultSink sink)
    {
        if (context.Session.Transaction.Active && !context.Session.Transaction.Explicit)
            await context.Session.Transaction.CommitAsync(context.Ct);
        sink.Ok(0, 0);
    }

    public static async ValueTask FlushAsync(FlushStatement s, Session.StatementContext context, IResultSink sink)
    {
        foreach (var table in s.Tables)
            await context.ResolveTableAsync(table);
        sink.Ok(0, 0);
    }

    public static bool OnlySwitchesKeys(AlterTableStatement s) => s.Actions.All(a => a is KeysAction);

    public static async ValueTask SwitchKeysAsync(AlterTableStatement s, Session.StatementContext context, IResultSink sink)
    {
        await context.ResolveTableAsync(s.Table);
        sink.Ok(0, 0);
    }
}
