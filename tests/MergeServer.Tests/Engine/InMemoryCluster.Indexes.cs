using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// Index DDL as the RootServer does it (SchemaService.Indexes.cs): index tables appear and go with the
// index list; new indexes start BUILDING.
public sealed partial class InMemoryCluster
{
    public ValueTask<DdlResponse> IndexDdlAsync(IndexDdlRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (Find(request.Database, request.Table) is not { } table || (request.TableId != 0 && request.TableId != table.TableId))
                throw SqlError.FromCode(1146, $"Table '{request.Database}.{request.Table}' doesn't exist");
            var changed = table.Clone();
            foreach (var name in request.Drop)
            {
                var found = changed.Indexes.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
                if (found is null)
                {
                    if (request.IfExists)
                        continue;
                    throw SqlError.FromCode(1091, $"Can't DROP INDEX `{name}`; check that it exists");
                }
                changed.Indexes.Remove(found);
                _tables.Remove(found.IndexTableId);
            }
            foreach (var add in request.Add)
            {
                if (changed.Indexes.Any(i => string.Equals(i.Name, add.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    if (request.IfNotExists)
                        continue;
                    throw SqlError.FromCode(1061, $"Duplicate key name '{add.Name}'");
                }
                var index = add.Clone();
                index.IndexTableId = _nextTableId++;
                index.State = IndexState.IndexBuilding;
                changed.Indexes.Add(index);
                AddTable(IndexTables.Define(changed, index));
            }
            if (request.Ready.Length > 0
                && changed.Indexes.FirstOrDefault(i => string.Equals(i.Name, request.Ready, StringComparison.OrdinalIgnoreCase)) is { } ready)
                ready.State = IndexState.IndexReady;
            _tables[changed.TableId] = changed;
            return Done(changed.TableId);
        }
    }

    // A UNIQUE index row (RowMutation.unique_key): another live row of its table starting with the
    // value is 1062 naming the request item, as the UpdateServer does (UniqueKeyCheck). Live = committed,
    // overlaid by the transaction's writes, overlaid by this request's earlier mutations (`earlier`).
    private void CheckUnique(RowMutation m, int item, InMemoryTransaction? tx, Dictionary<(ulong, string), bool> earlier)
    {
        if (m.UniqueKey.IsEmpty || m.Op == MutationOp.MutDelete)
            return;
        var prefix = m.UniqueKey.ToByteArray();
        var own = Convert.ToHexString(m.Rowkey.ToByteArray());
        var live = new Dictionary<string, bool>();
        foreach (var key in _rows[m.TableId].Keys)
            live[Convert.ToHexString(key)] = true;
        if (tx is not null)
        {
            foreach (var ((table, hex), write) in tx.Writes)
            {
                if (table == m.TableId)
                    live[hex] = write.Row is not null;
            }
        }
        foreach (var ((table, hex), exists) in earlier)
        {
            if (table == m.TableId)
                live[hex] = exists;
        }
        var prefixHex = Convert.ToHexString(prefix);
        if (live.Any(kv => kv.Value && kv.Key != own && kv.Key.StartsWith(prefixHex, StringComparison.Ordinal)))
            throw new SqlError(1062, "23000", "Duplicate entry for a UNIQUE key") { FailedItem = item };
    }

    // A table's committed rows (cells by column id), in key order.
    public List<Dictionary<int, ObObj>> RowsOf(ulong tableId)
    {
        lock (_lock)
            return [.. _rows[tableId].Values.Select(r => new Dictionary<int, ObObj>(r.Cells))];
    }

    private void AddTable(TableDef table)
    {
        _tables[table.TableId] = table;
        _rows[table.TableId] = new SortedDictionary<byte[], (ulong, Dictionary<int, ObObj>)>(ByteKeyComparer.Instance);
    }
}
