using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Schema;

// ALTER TABLE and RENAME TABLE replace table definitions under their table ids (one log entry, so
// all of a RENAME TABLE's pairs apply or none); TRUNCATE TABLE gives the table a new id with one
// empty tablet (the old id's tablets are dropped, so its data is gone from every reader at once).
// The MergeServer builds the new definition from the one it cached: table_version says which, and a
// definition another ALTER replaced meanwhile is refused (1105, retry) instead of losing that change.
public sealed partial class SchemaService
{
    public const int SchemaChangedCode = WireErrorCodes.Unknown;

    public Task<DdlResponse> AlterTablesAsync(AlterTablesRequest r, CancellationToken ct) => WriteAsync(async s =>
    {
        var after = s.Tables.ToDictionary(t => t.TableId);
        foreach (var def in r.Tables)
        {
            if (!after.TryGetValue(def.TableId, out var current))
                throw new RpcException(WireErrorCodes.NoSuchTable, $"Table '{def.Database}.{def.Name}' doesn't exist");
            if (def.TableVersion != current.TableVersion + 1)
                throw new RpcException(SchemaChangedCode, $"table '{current.Database}.{current.Name}' was altered concurrently; retry");
            if (def.RowkeyColumns.Count == 0 || def.Columns.Count == 0)
                throw new RpcException(WireErrorCodes.CantRemoveAllFields, "You can't delete all columns with ALTER TABLE; use DROP TABLE instead");
            CheckName(def.Name, WireErrorCodes.WrongTableName, "table");
            if (!s.HasDatabase(def.Database))
                throw new RpcException(WireErrorCodes.BadDatabase, $"Unknown database '{def.Database}'");
            after[def.TableId] = def;
        }
        var clash = after.Values.GroupBy(t => (t.Database.ToUpperInvariant(), t.Name.ToUpperInvariant())).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new RpcException(WireErrorCodes.TableExists, $"Table '{clash.First().Name}' already exists");
        var entry = new AlterTablesRequest();
        entry.Tables.AddRange(r.Tables);
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, AlterTables = entry }, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion };
    }, ct);

    public Task<DdlResponse> TruncateTableAsync(TruncateTableRequest r, Func<RsState, TabletInfo, TabletInfo> place, CancellationToken ct) => WriteAsync(async s =>
    {
        var current = s.FindTable(r.Database, r.Name) ?? throw new RpcException(WireErrorCodes.NoSuchTable, $"Table '{r.Database}.{r.Name}' doesn't exist");
        var table = current.Clone();
        table.TableId = s.NextTableId;
        // Its index tables are emptied with it: new ids after the table's, as CREATE TABLE numbers them.
        for (var i = 0; i < table.Indexes.Count; i++)
            table.Indexes[i].IndexTableId = table.TableId + 1 + (ulong)i;
        var truncated = new TruncatedTable { OldTableId = current.TableId, Table = table };
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, TruncateTable = truncated }, ct).ConfigureAwait(false);
        await PlaceNewTabletAsync(s, table.TableId, place, ct).ConfigureAwait(false);
        foreach (var index in table.Indexes)
            await PlaceNewTabletAsync(s, index.IndexTableId, place, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion, TableId = table.TableId };
    }, ct);
}
