using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.Tests;

[TestClass]
public sealed class RsStateTests
{
    private SchemaStoreDir _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new("obrs");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private static TableDef Table(string db, string name) => new()
    {
        Database = db,
        Name = name,
        Columns = { new ColumnDef { Id = 1, Name = "id", Type = 5 }, new ColumnDef { Id = 2, Name = "v", Type = 10, Length = 20, Nullable = true } },
        RowkeyColumns = { 0 },
    };

    [TestMethod]
    [DataRow(1000)]
    [DataRow(2)]
    public async Task SchemaAndTabletsSurviveARestartWithOrWithoutCheckpoints(int checkpointInterval)
    {
        var (schema, store) = await _dir.OpenAsync(checkpointInterval);
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "shop" }, CancellationToken.None);
        var t1 = await schema.CreateTableAsync(new CreateTableRequest { Table = Table("shop", "orders") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        var t2 = await schema.CreateTableAsync(new CreateTableRequest { Table = Table("shop", "items") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        await schema.DropTableAsync(new DropTableRequest { Database = "shop", Name = "items" }, CancellationToken.None);
        var version = schema.State.SchemaVersion;
        await store.DisposeAsync();

        var (reopened, store2) = await _dir.OpenAsync(checkpointInterval);
        await using var _ = store2;
        Assert.AreEqual(1000UL, t1.TableId);
        Assert.AreEqual(1001UL, t2.TableId);
        Assert.AreEqual(version, reopened.State.SchemaVersion);
        Assert.IsTrue(reopened.State.HasDatabase("shop"));
        Assert.IsNotNull(reopened.State.FindTable("shop", "orders"));
        Assert.IsNull(reopened.State.FindTable("shop", "items"));
        CollectionAssert.AreEqual(new[] { "127.0.0.1:2600" }, reopened.State.TabletsOf(1000).Single().Replicas.ToArray());
        var t3 = await reopened.CreateTableAsync(new CreateTableRequest { Table = Table("shop", "more") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        Assert.AreEqual(1002UL, t3.TableId, "table ids are never reused");
    }

    [TestMethod]
    [DataRow(1000)]
    [DataRow(1)]
    public async Task UpsMasterItsSyncSetAndTheReleasedVersionSurviveARestartWithOrWithoutCheckpoints(int checkpointInterval)
    {
        var (schema, store) = await _dir.OpenAsync(checkpointInterval);
        var master = new UpsMasterRecord { Master = "127.0.0.1:2700", InSync = { "127.0.0.1:2710" } };
        await schema.WriteAsync(async s =>
        {
            await store.AppendAsync(s, new RsLogEntry { SetUpsMaster = new UpsMasterRecord { Master = "127.0.0.1:2710" } }, CancellationToken.None);
            await store.AppendAsync(s, new RsLogEntry { SetFrozenVersion = 3 }, CancellationToken.None);
            await store.AppendAsync(s, new RsLogEntry { SetUpsMaster = master }, CancellationToken.None);
            await store.AppendAsync(s, new RsLogEntry { SetReleasedVersion = 3 }, CancellationToken.None);
            return 0;
        }, CancellationToken.None);
        await store.DisposeAsync();

        var (reopened, store2) = await _dir.OpenAsync(checkpointInterval);
        await using var _ = store2;
        Assert.AreEqual(master, reopened.State.UpsMaster);
        Assert.AreEqual(3UL, reopened.State.ReleasedVersion);
        Assert.AreEqual(3UL, reopened.State.FrozenVersion);
    }

    [TestMethod]
    public async Task DdlErrorsCarryMySqlCodes()
    {
        var (schema, store) = await _dir.OpenAsync(100);
        await using var _ = store;
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None);
        await AssertCode(1007, () => schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None));
        Assert.IsTrue((await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "D", IfNotExists = true }, CancellationToken.None)).Noop);
        await AssertCode(1008, () => schema.DropDatabaseAsync(new DropDatabaseRequest { Name = "nope" }, CancellationToken.None));
        await AssertCode(1049, () => schema.CreateTableAsync(new CreateTableRequest { Table = Table("nope", "t") }, SchemaStoreDir.PlaceOn, CancellationToken.None));
        await schema.CreateTableAsync(new CreateTableRequest { Table = Table("d", "t") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        await AssertCode(1050, () => schema.CreateTableAsync(new CreateTableRequest { Table = Table("d", "t") }, SchemaStoreDir.PlaceOn, CancellationToken.None));
        await AssertCode(1051, () => schema.DropTableAsync(new DropTableRequest { Database = "d", Name = "x" }, CancellationToken.None));
        var noKey = Table("d", "nokey");
        noKey.RowkeyColumns.Clear();
        await AssertCode(1173, () => schema.CreateTableAsync(new CreateTableRequest { Table = noKey }, SchemaStoreDir.PlaceOn, CancellationToken.None));
        await schema.DropDatabaseAsync(new DropDatabaseRequest { Name = "d" }, CancellationToken.None);
        Assert.IsNull(schema.State.FindTable("d", "t"), "dropping a database drops its tables");
    }

    [TestMethod]
    public async Task EveryEntryCarriesItsWritersEpochWhichTheCheckpointAndARestartKeepWithTheNextTableId()
    {
        var (schema, store) = await _dir.OpenAsync(checkpointInterval: 100);
        await schema.WriteAsync(async s =>
        {
            await store.AppendAsync(s, new RsLogEntry { BeginEpoch = 7 }, CancellationToken.None);
            return 0;
        }, CancellationToken.None);
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None);
        var created = await schema.CreateTableAsync(new CreateTableRequest { Table = Table("d", "t") }, SchemaStoreDir.PlaceOn, CancellationToken.None);

        Assert.AreEqual(7UL, schema.State.Epoch);
        CollectionAssert.AreEqual(new ulong[] { 7, 7, 7, 7 }, store.EntriesAfter(0)!.Select(e => e.Epoch).ToArray());
        var copy = RsState.FromCheckpoint(schema.State.ToCheckpoint());
        Assert.AreEqual(7UL, copy.Epoch);
        Assert.AreEqual(created.TableId + 1, copy.NextTableId);
        await store.DisposeAsync();

        var (reopened, reopenedStore) = await _dir.OpenAsync(checkpointInterval: 100);
        await using var _ = reopenedStore;
        Assert.AreEqual(7UL, reopened.State.Epoch);
        Assert.AreEqual(created.TableId + 1, reopened.State.NextTableId);
    }

    [TestMethod]
    public async Task AClosedSchemaServiceRefusesEveryReadAndChangeWithNotPrimary()
    {
        var (schema, store) = await _dir.OpenAsync(checkpointInterval: 100);
        await using var _ = store;
        await schema.CloseAsync();
        await AssertCode(RpcErrorCodes.NotPrimary, () => schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None));
        await AssertCode(RpcErrorCodes.NotPrimary, () => schema.ReadAsync(schema.Snapshot, CancellationToken.None));
        Assert.AreEqual(0UL, store.LastSeq, "nothing was logged");
    }

    private static async Task AssertCode(int code, Func<Task> action)
    {
        var e = await Assert.ThrowsExceptionAsync<RpcException>(action);
        Assert.AreEqual(code, e.Code, e.Message);
    }

    [TestMethod]
    [DataRow(1000)]
    [DataRow(2)]
    public async Task AccountsSurviveARestartAndAChangeMadeFromAnOlderVersionIsRefused(int checkpointInterval)
    {
        var (schema, store) = await _dir.OpenAsync(checkpointInterval);
        var before = schema.State.SchemaVersion;
        var lim = new UserRecord { User = "lim", Host = "%", AuthString = "*7B9EBEED26AA52ED10C0F549FA863F13C39E0209" };
        lim.TableGrants.Add(new TableGrant { Database = "shop", Table = "items", Privileges = 1 });
        await schema.ChangeAccountsAsync(Change(lim, 0), CancellationToken.None);
        await schema.ChangeAccountsAsync(Change(new UserRecord { User = "gone", Host = "localhost" }, 0), CancellationToken.None);
        var drop = Change(new UserRecord { User = "gone", Host = "LOCALHOST" }, 1);
        drop.Changes[0].Drop = true;
        await schema.ChangeAccountsAsync(drop, CancellationToken.None);
        Assert.AreEqual(before + 3, schema.State.SchemaVersion, "every account change is a schema version");

        var stale = await Assert.ThrowsExactlyAsync<RpcException>(() => schema.ChangeAccountsAsync(Change(lim, 0), CancellationToken.None));
        Assert.AreEqual(SchemaService.SchemaChangedCode, stale.Code);
        await store.DisposeAsync();

        var (reopened, _) = await _dir.OpenAsync(checkpointInterval);
        var users = reopened.Snapshot(reopened.State).Users;
        Assert.HasCount(1, users);
        Assert.AreEqual("lim", users[0].User);
        Assert.AreEqual(1UL, users[0].Version);
        Assert.AreEqual("items", users[0].TableGrants[0].Table);
    }

    private static AccountChangeRequest Change(UserRecord user, ulong expectedVersion) =>
        new() { Changes = { new AccountChange { User = user.Clone(), ExpectedVersion = expectedVersion } } };
}
