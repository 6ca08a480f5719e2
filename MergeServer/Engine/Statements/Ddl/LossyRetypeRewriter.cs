using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// A MODIFY / CHANGE whose conversion loses part of a stored value (fewer DATETIME/TIMESTAMP/TIME fraction
// digits, a smaller DECIMAL scale, DOUBLE to INT, DATETIME to DATE, ...) writes the converted cells back, as
// MariaDB's table copy leaves them: cells are otherwise cast at read from what was stored, and a later
// widening ALTER would read the dropped digits again. The ALTER's own check of the stored rows names the
// rows whose value does not survive the round trip (new type, then old); after the new definition is in
// place each batch of them is locked in a statement transaction, read at the newest version (so cast to
// the new type, also a row another session changed meanwhile) and those columns rewritten through the
// UpdateServer's normal write path. Writers wait only for the rows of one batch. Primary-key columns are
// not rewritten (their rowkeys hold the old value), nor index entries of an indexed column.
public static class LossyRetypeRewriter
{
    private const int BatchRows = 256;

    // Whether `stored` (a value of `old`) reads differently once converted to `changed` and back.
    public static bool Loses(ObObj stored, ObObj converted, ColumnSchema old)
    {
        if (stored.IsNull || converted.IsNull)
            return false;
        try
        {
            return !StoredValueEquality.Same(ColumnValueConverter.Convert(converted, old with { Nullable = true }, 1), stored);
        }
        catch (SqlError)
        {
            return true;
        }
    }

    public static async ValueTask RewriteAsync(ulong tableId, IReadOnlyCollection<int> columnIds, IReadOnlyList<byte[]> keys, StatementContext context)
    {
        if (keys.Count == 0 || columnIds.Count == 0 || context.Schema.TableById(tableId) is not { } table)
            return;
        var columns = Enumerable.Range(0, table.Columns.Count)
            .Where(c => columnIds.Contains(table.Columns[c].Id) && !table.RowKeyColumns.Contains(c)).ToList();
        if (columns.Count == 0)
            return;
        foreach (var batch in keys.Chunk(BatchRows))
        {
            var sorted = batch.Order(ByteKeyComparer.Instance).ToList();
            await StatementTransaction.RunOwnAsync(context, commit: true, async txId =>
            {
                await RowLocker.LockAsync(context, table, sorted, shared: false, LockWait.Queue, txId);
                var rows = await DmlRowReader.ReadAsync(context, table, null, columns, new ReadSnapshot(0, txId), [.. sorted.Select(ScanRange.Point)]);
                var request = new ApplyRequest { TxId = txId };
                foreach (var row in rows)
                    request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutUpdate, MutationBuilder.RowKey(table, row), row, columns));
                if (request.Mutations.Count > 0)
                    await context.Engine.Writer.ApplyAsync(request, context.Ct);
                return rows.Count;
            });
        }
    }
}
