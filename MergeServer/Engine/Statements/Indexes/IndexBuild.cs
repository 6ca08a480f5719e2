using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Statements.Indexes;

// Online CREATE INDEX: builds BUILDING indexes while writes continue, losing no entry.
// 1. Fence. The index is in the schema (BUILDING) at version V, and every writer that loaded V or later
//    maintains it (IndexWrites covers Building indexes). The build waits until every live MergeServer
//    reports schema_in_use >= V in its heartbeat: no statement and no open write transaction there still
//    runs on an older schema (SchemaCache.Use, SessionTransaction.SchemaHold). From then on every base
//    row change also changes the index.
// 2. Backfill. The base rows' keys are read, then in batches each batch's rows are locked (MUT_LOCK in a
//    UPS transaction), read again under the locks at the newest committed version, and their index rows
//    written in that transaction. Under the lock the values are current, so the entry written is right;
//    a writer that changed the row before maintained the entry itself (the backfill's write is then the
//    same row again), one that changes it after finds the entry and maintains it. Rows inserted after the
//    key scan were inserted by maintaining writers. A UNIQUE index's entries carry unique_key, so a
//    duplicate value (in the rows, or between a row and a concurrent writer) fails the build with 1062.
// 3. READY: the RootServer marks the index ready; from then on the planner may read it.
public static class IndexBuild
{
    private const int BatchRows = 256;
    private static readonly TimeSpan FenceTimeout = TimeSpan.FromSeconds(60);

    public static async ValueTask RunAsync(StatementContext context, string database, string tableName, List<string> names)
    {
        var schema = context.Schema;
        var table = schema.FindTable(database, tableName) ?? throw SqlError.FromCode(ErrorCodes.NoSuchTable, $"Table '{database}.{tableName}' doesn't exist");
        var layouts = names.Select(n => schema.IndexLayoutOf(table, n) ?? throw new SqlError($"index {n} vanished while it was being built")).ToList();
        context.SchemaUse?.Dispose(); // this statement writes nothing the new index misses
        await WaitForWritersAsync(context, schema.Version);

        var needed = layouts.SelectMany(l => l.BaseColumns).Distinct().ToList();
        var keys = (await DmlRowReader.ReadAsync(context, table, null, [], new ReadSnapshot()))
            .Select(r => MutationBuilder.RowKey(table, r)).ToList();
        for (var start = 0; start < keys.Count; start += BatchRows)
        {
            var batch = keys.GetRange(start, Math.Min(BatchRows, keys.Count - start));
            await StatementTransaction.RunOwnAsync(context, commit: true, async txId =>
            {
                await RowLocker.LockAsync(context, table, batch, shared: false, LockWait.Queue, txId);
                var rows = await DmlRowReader.ReadAsync(context, table, null, needed, new ReadSnapshot(0, txId), [.. batch.Select(ScanRange.Point)]);
                if (rows.Count == 0)
                    return 0;
                var request = new ApplyRequest { TxId = txId };
                var writes = new IndexWrites(table, layouts);
                for (var r = 0; r < rows.Count; r++)
                    writes.Inserted(request, rows[r], start + r + 1);
                await writes.ApplyAsync(context, request);
                return rows.Count;
            });
        }

        foreach (var name in names)
            await context.Engine.Gateway.IndexDdlAsync(new IndexDdlRequest { Database = table.Database, Table = table.Name, TableId = table.TableId, Ready = name }, context.Ct);
        await context.RefreshSchemaAsync();
    }

    // Until every live MergeServer runs nothing on a schema older than `version` (heartbeat schema_in_use).
    private static async ValueTask WaitForWritersAsync(StatementContext context, ulong version)
    {
        var deadline = DateTime.UtcNow + FenceTimeout;
        for (var attempt = 1; ; attempt++)
        {
            var servers = await context.Engine.Gateway.GetServersAsync(context.Ct);
            var behind = servers.Servers.Where(s => s.Role == ServerRole.MergeServer && s.Alive && s.SchemaInUse < version).ToList();
            if (behind.Count == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new SqlError(ErrorCodes.LockWaitTimeout, "HY000",
                    $"Lock wait timeout exceeded; MergeServer {behind[0].Address} still runs statements on schema version {behind[0].SchemaInUse} (index needs {version})");
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, 20 * attempt)), context.Ct);
        }
    }
}
