using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Schema;

// DDL: validated against the current state, logged durably, then applied. One DDL at a time.
// Closed when this RS stops being primary: no read or change goes through it afterwards (the store
// then belongs to the backup's copy of the new primary's state).
public sealed partial class SchemaService(RsState state, RsStore store)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _closed;

    public RsState State => state;

    // Every reader of RsState takes this lock too, so readers never see a half-applied change.
    public async Task<T> ReadAsync<T>(Func<RsState, T> read, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            return read(state);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<T> WriteAsync<T>(Func<RsState, Task<T>> write, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            return await write(state).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Waits for the change in progress (if any); every later call fails with NotPrimary.
    public async Task CloseAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _closed = true;
        _gate.Release();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
            throw new RpcException(RpcErrorCodes.NotPrimary, "this RootServer is no longer the primary");
    }

    public Task<DdlResponse> CreateDatabaseAsync(CreateDatabaseRequest r, CancellationToken ct) => WriteAsync(async s =>
    {
        CheckName(r.Name, WireErrorCodes.WrongDatabaseName, "database");
        if (s.HasDatabase(r.Name))
        {
            if (r.IfNotExists)
                return new DdlResponse { SchemaVersion = s.SchemaVersion, Noop = true };
            throw new RpcException(WireErrorCodes.DbCreateExists, $"Can't create database '{r.Name}'; database exists");
        }
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, CreateDatabase = r }, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion };
    }, ct);

    public Task<DdlResponse> DropDatabaseAsync(DropDatabaseRequest r, CancellationToken ct) => WriteAsync(async s =>
    {
        if (!s.HasDatabase(r.Name))
        {
            if (r.IfExists)
                return new DdlResponse { SchemaVersion = s.SchemaVersion, Noop = true };
            throw new RpcException(WireErrorCodes.DbDropExists, $"Can't drop database '{r.Name}'; database doesn't exist");
        }
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, DropDatabase = r }, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion };
    }, ct);

    public Task<DdlResponse> CreateTableAsync(CreateTableRequest r, Func<RsState, TabletInfo, TabletInfo> place, CancellationToken ct) => WriteAsync(async s =>
    {
        var def = r.Table;
        CheckName(def.Name, WireErrorCodes.WrongTableName, "table");
        if (!s.HasDatabase(def.Database))
            throw new RpcException(WireErrorCodes.BadDatabase, $"Unknown database '{def.Database}'");
        var existing = s.FindTable(def.Database, def.Name);
        if (existing is not null)
        {
            if (r.IfNotExists)
                return new DdlResponse { SchemaVersion = s.SchemaVersion, TableId = existing.TableId, Noop = true };
            throw new RpcException(WireErrorCodes.TableExists, $"Table '{def.Name}' already exists");
        }
        if (def.Columns.Count == 0)
            throw new RpcException(WireErrorCodes.TableMustHaveColumns, "A table must have at least 1 column");
        if (def.RowkeyColumns.Count == 0)
            throw new RpcException(WireErrorCodes.RequiresPrimaryKey, "This table type requires a primary key");
        var created = def.Clone();
        created.TableId = s.NextTableId;
        // The table's indexes (KEY/INDEX/UNIQUE in CREATE TABLE) are complete from the start.
        CheckIndexNames(created.Indexes.Select(i => i.Name));
        for (var i = 0; i < created.Indexes.Count; i++)
        {
            created.Indexes[i].IndexTableId = created.TableId + 1 + (ulong)i;
            created.Indexes[i].State = IndexState.IndexReady;
        }
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, CreateTable = created }, ct).ConfigureAwait(false);
        await PlaceNewTabletAsync(s, created.TableId, place, ct).ConfigureAwait(false);
        foreach (var index in created.Indexes)
            await PlaceNewTabletAsync(s, index.IndexTableId, place, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion, TableId = created.TableId };
    }, ct);

    public Task<DdlResponse> DropTableAsync(DropTableRequest r, CancellationToken ct) => WriteAsync(async s =>
    {
        if (s.FindTable(r.Database, r.Name) is null)
        {
            if (r.IfExists)
                return new DdlResponse { SchemaVersion = s.SchemaVersion, Noop = true };
            throw new RpcException(WireErrorCodes.BadTable, $"Unknown table '{r.Database}.{r.Name}'");
        }
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, DropTable = r }, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion };
    }, ct);

    internal static void CheckName(string name, int code, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || name.EndsWith(' '))
            throw new RpcException(code, $"Incorrect {what} name '{name}'");
    }

    public SchemaResponse Snapshot(RsState s)
    {
        var response = new SchemaResponse { SchemaVersion = s.SchemaVersion };
        response.Databases.AddRange(s.Databases);
        response.Tables.AddRange(s.Tables);
        response.Users.AddRange(s.Users);
        return response;
    }
}
