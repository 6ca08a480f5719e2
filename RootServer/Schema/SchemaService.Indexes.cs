using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Schema;

// Index DDL: one IndexDdlRequest (CREATE/DROP INDEX, or every ADD/DROP INDEX of one ALTER TABLE) is
// one SetIndexes log entry, so its index tables appear and disappear together with the index list
// (RsState.SetIndexes). A new index starts BUILDING (writers maintain it; the MergeServer that asked
// backfills it and then sends `ready`); only READY indexes are read.
public sealed partial class SchemaService
{
    public Task<DdlResponse> IndexDdlAsync(IndexDdlRequest r, Func<RsState, TabletInfo, TabletInfo> place, CancellationToken ct) => WriteAsync(async s =>
    {
        var table = s.FindTable(r.Database, r.Table);
        if (table is null || (r.TableId != 0 && table.TableId != r.TableId))
            throw new RpcException(WireErrorCodes.NoSuchTable, $"Table '{r.Database}.{r.Table}' doesn't exist");
        var indexes = table.Indexes.Select(i => i.Clone()).ToList();
        foreach (var name in r.Drop)
        {
            var found = indexes.FindIndex(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                if (r.IfExists)
                    continue;
                throw new RpcException(WireErrorCodes.CantDropFieldOrKey, $"Can't DROP INDEX `{name}`; check that it exists");
            }
            indexes.RemoveAt(found);
        }
        var nextId = s.NextTableId;
        var added = new List<ulong>();
        foreach (var add in r.Add)
        {
            if (indexes.Any(i => string.Equals(i.Name, add.Name, StringComparison.OrdinalIgnoreCase)))
            {
                if (r.IfNotExists)
                    continue;
                throw new RpcException(WireErrorCodes.DuplicateKeyName, $"Duplicate key name '{add.Name}'");
            }
            var index = add.Clone();
            index.IndexTableId = nextId++;
            index.State = IndexState.IndexBuilding;
            indexes.Add(index);
            added.Add(index.IndexTableId);
        }
        if (r.Ready.Length > 0)
        {
            var ready = indexes.Find(i => string.Equals(i.Name, r.Ready, StringComparison.OrdinalIgnoreCase))
                ?? throw new RpcException(WireErrorCodes.CantDropFieldOrKey, $"Can't DROP INDEX `{r.Ready}`; check that it exists");
            ready.State = IndexState.IndexReady;
        }
        if (indexes.Count == table.Indexes.Count && indexes.Zip(table.Indexes).All(p => p.First.Equals(p.Second)))
            return new DdlResponse { SchemaVersion = s.SchemaVersion, TableId = table.TableId, Noop = true };
        var change = new SetIndexes { TableId = table.TableId };
        change.Indexes.AddRange(indexes);
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, SetIndexes = change }, ct).ConfigureAwait(false);
        foreach (var id in added)
            await PlaceNewTabletAsync(s, id, place, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion, TableId = table.TableId };
    }, ct);

    // A new table's (or index table's) single tablet gets its replicas.
    private async Task PlaceNewTabletAsync(RsState s, ulong tableId, Func<RsState, TabletInfo, TabletInfo> place, CancellationToken ct)
    {
        var tablet = place(s, s.TabletsOf(tableId)[0]);
        await store.AppendAsync(s, new RsLogEntry { SetTablet = tablet }, ct).ConfigureAwait(false);
    }

    private static void CheckIndexNames(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.Add(name))
                throw new RpcException(WireErrorCodes.DuplicateKeyName, $"Duplicate key name '{name}'");
        }
    }
}
