using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.Tests;

[TestClass]
public sealed class RsIndexTests
{
    private SchemaStoreDir _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new("obrsidx");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private static TableDef Table(string name, params IndexDef[] indexes)
    {
        var def = new TableDef
        {
            Database = "d",
            Name = name,
            Columns =
            {
                new ColumnDef { Id = 1, Name = "id", Type = (int)ColumnType.Int },
                new ColumnDef { Id = 2, Name = "k", Type = (int)ColumnType.Int, Nullable = true },
                new ColumnDef { Id = 3, Name = "v", Type = (int)ColumnType.VarChar, Length = 20, Nullable = true },
            },
            RowkeyColumns = { 0 },
        };
        def.Indexes.AddRange(indexes);
        return def;
    }

    private static IndexDef Index(string name, bool unique, params int[] columns)
    {
        var def = new IndexDef { Name = name, Unique = unique };
        def.Columns.AddRange(columns);
        return def;
    }

    [TestMethod]
    [DataRow(1000)]
    [DataRow(2)]
    public async Task ATablesIndexesAreHiddenTablesCreatedReadyWithItAndTheySurviveARestart(int checkpointInterval)
    {
        var (schema, store) = await _dir.OpenAsync(checkpointInterval);
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None);
        var created = await schema.CreateTableAsync(new CreateTableRequest { Table = Table("t", Index("k", false, 1), Index("uv", true, 2, 1)) }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        await store.DisposeAsync();

        var (reopened, store2) = await _dir.OpenAsync(checkpointInterval);
        await using var _ = store2;
        var t = reopened.State.FindTable("d", "t")!;
        Assert.AreEqual(created.TableId, t.TableId);
        Assert.AreEqual(2, t.Indexes.Count);
        Assert.IsTrue(t.Indexes.All(i => i.State == IndexState.IndexReady));
        var uv = reopened.State.TableById(t.Indexes[1].IndexTableId)!;
        Assert.AreEqual(t.TableId, uv.IndexOwnerTableId);
        CollectionAssert.AreEqual(new[] { "v", "k", "id" }, uv.Columns.Select(c => c.Name).ToArray(), "index columns, then the primary key");
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, uv.RowkeyColumns.ToArray());
        Assert.AreEqual(1, reopened.State.TabletsOf(uv.TableId).Count, "the index table has its own tablet");
        Assert.AreEqual(1, reopened.State.TabletsOf(uv.TableId)[0].Replicas.Count);
        Assert.IsNull(reopened.State.FindTable("d", uv.Name), "index tables are hidden from name lookups");
    }

    [TestMethod]
    public async Task CreateIndexStartsBuildingReadyCompletesItAndDropTableTakesItsIndexTables()
    {
        var (schema, store) = await _dir.OpenAsync(1000);
        await using var _ = store;
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None);
        var t = await schema.CreateTableAsync(new CreateTableRequest { Table = Table("t") }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        await schema.IndexDdlAsync(new IndexDdlRequest { Database = "d", Table = "t", Add = { Index("k", false, 1) } }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        var index = schema.State.FindTable("d", "t")!.Indexes.Single();
        Assert.AreEqual(IndexState.IndexBuilding, index.State);
        Assert.IsNotNull(schema.State.TableById(index.IndexTableId));
        Assert.AreEqual(1, schema.State.TabletsOf(index.IndexTableId)[0].Replicas.Count);

        await schema.IndexDdlAsync(new IndexDdlRequest { Database = "d", Table = "t", Ready = "k" }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        Assert.AreEqual(IndexState.IndexReady, schema.State.FindTable("d", "t")!.Indexes.Single().State);

        var dup = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            schema.IndexDdlAsync(new IndexDdlRequest { Database = "d", Table = "t", Add = { Index("K", true, 2) } }, SchemaStoreDir.PlaceOn, CancellationToken.None));
        Assert.AreEqual(1061, dup.Code);
        var missing = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            schema.IndexDdlAsync(new IndexDdlRequest { Database = "d", Table = "t", Drop = { "nope" } }, SchemaStoreDir.PlaceOn, CancellationToken.None));
        Assert.AreEqual(1091, missing.Code);

        await schema.DropTableAsync(new DropTableRequest { Database = "d", Name = "t" }, CancellationToken.None);
        Assert.IsNull(schema.State.TableById(index.IndexTableId));
        Assert.AreEqual(0, schema.State.TabletsOf(index.IndexTableId).Count);
        Assert.AreNotEqual(0UL, t.TableId);
    }

    [TestMethod]
    public async Task DropIndexRemovesItsIndexTableAndKeepsTheOthers()
    {
        var (schema, store) = await _dir.OpenAsync(1000);
        await using var _ = store;
        await schema.CreateDatabaseAsync(new CreateDatabaseRequest { Name = "d" }, CancellationToken.None);
        await schema.CreateTableAsync(new CreateTableRequest { Table = Table("t", Index("a", false, 1), Index("b", false, 2)) }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        var before = schema.State.FindTable("d", "t")!.Indexes.ToList();
        await schema.IndexDdlAsync(new IndexDdlRequest { Database = "d", Table = "t", Drop = { "A" } }, SchemaStoreDir.PlaceOn, CancellationToken.None);
        var after = schema.State.FindTable("d", "t")!.Indexes;
        Assert.AreEqual("b", after.Single().Name);
        Assert.IsNull(schema.State.TableById(before[0].IndexTableId));
        Assert.IsNotNull(schema.State.TableById(before[1].IndexTableId));
    }
}
