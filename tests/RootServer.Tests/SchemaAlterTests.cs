using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.Tests;

// ALTER TABLE / RENAME TABLE / TRUNCATE TABLE at the RootServer (SchemaService.Alter.cs).
[TestClass]
public sealed class SchemaAlterTests
{
    private SchemaStoreDir _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new("obrsalter");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private static TableDef Table(string db, string name) => new()
    {
        Database = db,
        Name = name,
        Columns = { new ColumnDef { Id = 1, Name = "id", Type = 5 } },
        RowkeyColumns = { 0 },
        NextColumnId = 2,
    };

    private static AlterTablesRequest Altered(params TableDef[] tables)
    {
        var r = new AlterTablesRequest();
        r.Tables.AddRange(tables);
        return r;
    }

    [TestMethod]
    public async Task AnAlterMadeFromAnOlderDefinitionIsRefusedAndTheAcceptedOneSurvivesARestart()
    {
        var (schema, store) = await _dir.OpenAsync();
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "shop" }, CancellationToken.None);
        var created = await schema.CreateTableAsync(new CreateTableRequest { Table = Table("shop", "t") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        var current = schema.State.FindTable("shop", "t")!;

        var added = current.Clone();
        added.Columns.Add(new ColumnDef { Id = 2, Name = "v", Type = 5, Nullable = true });
        added.NextColumnId = 3;
        added.TableVersion = 1;
        await schema.AlterTablesAsync(Altered(added), CancellationToken.None);

        var stale = current.Clone();
        stale.Name = "t2";
        stale.TableVersion = 1;
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => schema.AlterTablesAsync(Altered(stale), CancellationToken.None));
        Assert.AreEqual(SchemaService.SchemaChangedCode, error.Code);
        await store.DisposeAsync();

        var (reopened, store2) = await _dir.OpenAsync();
        await using var _ = store2;
        var t = reopened.State.FindTable("shop", "t")!;
        Assert.AreEqual(created.TableId, t.TableId);
        Assert.AreEqual(2, t.Columns.Count);
        Assert.AreEqual(3, t.NextColumnId);
        Assert.AreEqual(1UL, t.TableVersion);
        Assert.AreEqual(1, reopened.State.TabletsOf(t.TableId).Count, "an ALTER keeps the table's tablets");
    }

    [TestMethod]
    public async Task RenamingPairsApplyTogetherOrNotAtAll()
    {
        var (schema, store) = await _dir.OpenAsync();
        await using var _ = store;
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None);
        await schema.CreateTableAsync(new CreateTableRequest { Table = Table("d", "a") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        await schema.CreateTableAsync(new CreateTableRequest { Table = Table("d", "b") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        var a = schema.State.FindTable("d", "a")!.Clone();
        var b = schema.State.FindTable("d", "b")!.Clone();
        a.Name = "b";
        a.TableVersion = 1;
        var clash = await Assert.ThrowsExceptionAsync<RpcException>(() => schema.AlterTablesAsync(Altered(a), CancellationToken.None));
        Assert.AreEqual(1050, clash.Code);
        b.Name = "a";
        b.TableVersion = 1;
        await schema.AlterTablesAsync(Altered(a, b), CancellationToken.None);
        Assert.AreEqual(1000UL, schema.State.FindTable("d", "b")!.TableId, "swapped");
        Assert.AreEqual(1001UL, schema.State.FindTable("d", "a")!.TableId, "swapped");
    }

    [TestMethod]
    public async Task TruncateGivesTheTableANewIdWithOneEmptyTabletAndDropsTheOldOnes()
    {
        var (schema, store) = await _dir.OpenAsync();
        await using var _ = store;
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None);
        var created = await schema.CreateTableAsync(new CreateTableRequest { Table = Table("d", "t") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        var truncated = await schema.TruncateTableAsync(new TruncateTableRequest { Database = "d", Name = "t" }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        Assert.AreNotEqual(created.TableId, truncated.TableId);
        Assert.AreEqual(truncated.TableId, schema.State.FindTable("d", "t")!.TableId);
        Assert.AreEqual(0, schema.State.TabletsOf(created.TableId).Count);
        CollectionAssert.AreEqual(new[] { "127.0.0.1:2600" }, schema.State.TabletsOf(truncated.TableId).Single().Replicas.ToArray());
        var missing = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            schema.TruncateTableAsync(new TruncateTableRequest { Database = "d", Name = "nosuch" }, SchemaStoreDir.PlaceOn, CancellationToken.None));
        Assert.AreEqual(1146, missing.Code);
    }
}
