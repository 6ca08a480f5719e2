using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Statements.Indexes;

// Index maintenance for one statement's writes to one table. Every index row change goes into the SAME
// ApplyRequest as its base row change (right after it), so the UpdateServer applies, logs (one commit-log
// entry), replicates, replays and rolls them back together: no crash, failover or rollback can leave a
// base row and its index rows apart. An inserted base row adds one row per index (MUT_REPLACE of
// (index values, primary key)); a deleted one removes them; an updated one that changes an index's
// columns or its primary key removes the old index row and adds the new one. Every index is maintained,
// BUILDING ones too (an online CREATE INDEX relies on it).
//
// Where the old values come from, and why they cannot be stale: a deleted or updated row's old index
// values are the values the statement read. Autocommit statements read at a snapshot S and send
// expect_unchanged_since = S: the UPS refuses (6102, ConflictRetry redoes the statement) if the base row
// changed after S, so the row it deletes from the index is exactly the one the current base row has. In
// a transaction the statement reads under the row's lock (LockedRowReader), which it holds to commit,
// so no one changes the row in between. INSERT writes a new row (MUT_INSERT: the UPS refuses one that
// exists, so there is no old index row). INSERT IGNORE, ON DUPLICATE KEY UPDATE and REPLACE (UpsertExecutor)
// decide on whole rows read under their row locks, in a transaction.
// The columns a statement must read for this are ColumnsNeeded.
//
// UNIQUE: the new index row of a UNIQUE index without a NULL value carries unique_key = its encoded
// values; the UPS refuses (1062) a second live row with that prefix and locks the value (see
// UpdateServer/Engine/UniqueKeyCheck.cs). A 1062 names the request item that collided; ApplyAsync turns
// it into MariaDB's message and SqlError.Duplicate (key name and statement row).
public sealed class IndexWrites
{
    private readonly TableSchema _table;
    private readonly IndexLayout[] _layouts;
    // Request item (0-based mutation) → what a collision on it means.
    private readonly Dictionary<int, (string KeyName, int Row, ObObj[] Values)> _keys = [];

    public IndexWrites(SchemaSnapshot schema, TableSchema table)
        : this(table, schema.IndexLayoutsOf(table))
    {
    }

    // Only these indexes (an index build writes the new ones).
    public IndexWrites(TableSchema table, IEnumerable<IndexLayout> layouts)
    {
        _table = table;
        _layouts = [.. layouts];
    }

    public bool HasIndexes => _layouts.Length > 0;

    // The base columns a statement must read to maintain the indexes: for DELETE and a key-changing
    // UPDATE (changed = null) every indexed column, for an UPDATE those of the indexes it changes.
    public IReadOnlyCollection<int> ColumnsNeeded(IReadOnlyCollection<int> needed, IReadOnlyCollection<int>? changed)
    {
        if (_layouts.Length == 0)
            return needed;
        var result = new SortedSet<int>(needed);
        foreach (var layout in _layouts)
        {
            if (changed is null || layout.BaseColumns.Any(changed.Contains))
                result.UnionWith(layout.BaseColumns);
        }
        return result;
    }

    // The base row's own mutation was just added (a MUT_INSERT / MUT_REPLACE): a duplicate on it is the PRIMARY key's.
    public void BaseRowAdded(ApplyRequest request, ReadOnlySpan<ObObj> row, int statementRow)
    {
        var key = new ObObj[_table.RowKeyColumns.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = row[_table.RowKeyColumns[i]];
        _keys[request.Mutations.Count - 1] = ("PRIMARY", statementRow, key);
    }

    public void Inserted(ApplyRequest request, ReadOnlySpan<ObObj> row, int statementRow)
    {
        foreach (var layout in _layouts)
            AddEntry(request, layout, row, statementRow);
    }

    public void Deleted(ApplyRequest request, ReadOnlySpan<ObObj> row)
    {
        foreach (var layout in _layouts)
            RemoveEntry(request, layout, row);
    }

    // Only the indexes whose columns (or the primary key) changed are touched.
    public void Updated(ApplyRequest request, ReadOnlySpan<ObObj> old, ReadOnlySpan<ObObj> row, IReadOnlyCollection<int> changedColumns, int statementRow)
    {
        Removed(request, old, changedColumns);
        Added(request, row, changedColumns, statementRow);
    }

    // The two halves of Updated, for a request that frees every old value before taking new ones.
    public void Removed(ApplyRequest request, ReadOnlySpan<ObObj> old, IReadOnlyCollection<int> changedColumns)
    {
        foreach (var layout in _layouts)
        {
            if (layout.BaseColumns.Any(changedColumns.Contains))
                RemoveEntry(request, layout, old);
        }
    }

    public void Added(ApplyRequest request, ReadOnlySpan<ObObj> row, IReadOnlyCollection<int> changedColumns, int statementRow)
    {
        foreach (var layout in _layouts)
        {
            if (layout.BaseColumns.Any(changedColumns.Contains))
                AddEntry(request, layout, row, statementRow);
        }
    }

    private static void RemoveEntry(ApplyRequest request, IndexLayout layout, ReadOnlySpan<ObObj> row) =>
        request.Mutations.Add(new RowMutation { TableId = layout.Table.TableId, Rowkey = ByteString.CopyFrom(layout.RowKey(row)), Op = MutationOp.MutDelete });

    private void AddEntry(ApplyRequest request, IndexLayout layout, ReadOnlySpan<ObObj> row, int statementRow)
    {
        var indexRow = layout.IndexRow(row);
        var mutation = MutationBuilder.Mutation(layout.Table, MutationOp.MutReplace, indexRow);
        if (layout.Index.Unique && !IndexLayout.HasNull(indexRow.AsSpan(0, layout.ValueCount)))
        {
            mutation.UniqueKey = ByteString.CopyFrom(layout.KeyPrefix(indexRow.AsSpan(0, layout.ValueCount)));
            _keys[request.Mutations.Count] = (layout.Index.Name, statementRow, indexRow[..layout.ValueCount]);
        }
        request.Mutations.Add(mutation);
    }

    // Sends the request; a duplicate key comes back naming its key and row (MariaDB's message).
    public ValueTask<ApplyResponse> ApplyAsync(StatementContext context, ApplyRequest request) =>
        ApplyAsync(context.Engine.Writer, request, context.Ct);

    public ValueTask<ApplyResponse> ApplyAsync(MutationWriter writer, ApplyRequest request, CancellationToken ct) =>
        NamingDuplicatesAsync(writer.ApplyAsync(request, ct));

    // A write of the statement's session: joined to its transaction, or beginning it (SqlSession.ApplyWriteAsync).
    public ValueTask<ApplyResponse> ApplyInSessionAsync(StatementContext context, ApplyRequest request) =>
        NamingDuplicatesAsync(context.Session.ApplyWriteAsync(request, context.Ct));

    private async ValueTask<ApplyResponse> NamingDuplicatesAsync(ValueTask<ApplyResponse> apply)
    {
        try
        {
            return await apply;
        }
        catch (SqlError e) when (e.Code == ErrorCodes.DuplicateEntry && e.FailedItem > 0 && _keys.TryGetValue(e.FailedItem - 1, out var key))
        {
            throw DuplicateError(key.KeyName, key.Row, key.Values);
        }
    }

    public static SqlError DuplicateError(string keyName, int row, IEnumerable<ObObj> values) =>
        new(ErrorCodes.DuplicateEntry, "23000", $"Duplicate entry '{string.Join('-', values.Select(v => v.ToText() ?? "NULL"))}' for key '{keyName}'")
        {
            Duplicate = new DuplicateKey(keyName, row),
        };
}
