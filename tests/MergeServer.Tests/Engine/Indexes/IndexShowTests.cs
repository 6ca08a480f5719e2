namespace OceanClassic.MergeServer.Tests.Engine.Indexes;

[TestClass]
public sealed class IndexShowTests
{
    private static async Task<EngineHarness> TableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(10), c INT NOT NULL, KEY (a), UNIQUE KEY ub (b), INDEX ac (a, c), UNIQUE (c))");
        return h;
    }

    [TestMethod]
    public async Task ShowCreateTableListsTheKeysInMariaDbsOrder()
    {
        var h = await TableAsync();
        var text = (await h.RowsAsync("SHOW CREATE TABLE t"))[0][1]!;
        StringAssert.Contains(text, "  PRIMARY KEY (`id`),\n  UNIQUE KEY `c` (`c`),\n  UNIQUE KEY `ub` (`b`),\n  KEY `a` (`a`),\n  KEY `ac` (`a`,`c`)\n) ENGINE=");
    }

    [TestMethod]
    public async Task ShowIndexAndStatisticsListEveryKeyColumn()
    {
        var h = await TableAsync();
        var rows = await h.RowsAsync("SHOW INDEX FROM t");
        CollectionAssert.AreEqual(
            new[] { "PRIMARY|1|id|0|", "c|1|c|0|", "ub|1|b|0|YES", "a|1|a|1|YES", "ac|1|a|1|YES", "ac|2|c|1|" },
            rows.Select(r => $"{r[2]}|{r[3]}|{r[4]}|{r[1]}|{r[9]}").ToArray());
        Assert.AreEqual(14, rows[0].Length);
        var stats = await h.RowsAsync("SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_NAME = 't'");
        Assert.AreEqual(6, stats.Length);
    }

    [TestMethod]
    public async Task CheckIndexReportsZeroDifferencesOnAHealthyTableAndCountsACorruptedIndex()
    {
        var h = await TableAsync();
        await h.OkAsync("INSERT INTO t VALUES (1, 10, 'x', 1), (2, 20, NULL, 2), (3, 10, 'z', 3)");
        await h.OkAsync("UPDATE t SET a = 11 WHERE id = 1");
        await h.OkAsync("DELETE FROM t WHERE id = 3");
        var rows = await h.RowsAsync("ALTER SYSTEM CHECK INDEX t");
        CollectionAssert.AreEqual(new[] { "c", "ub", "a", "ac" }.Order().ToArray(), rows.Select(r => r[1]).Order().ToArray());
        Assert.IsTrue(rows.All(r => r[3] == "2" && r[4] == "2" && r[5] == "0" && r[6] == "0" && r[7] == "0"), string.Join("\n", rows.Select(r => string.Join("|", r))));

        // Corrupt index `a` behind the engine's back: drop one entry, add a dangling one.
        var schema = await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None);
        var table = schema.FindTable("d", "t")!;
        var layout = schema.IndexLayoutOf(table, "a")!;
        var request = new OceanClassic.Common.Protos.ApplyRequest();
        OceanClassic.Common.Types.ObObj[] gone = [OceanClassic.Common.Types.ObObj.FromInt(1), OceanClassic.Common.Types.ObObj.FromInt(11), OceanClassic.Common.Types.ObObj.FromString("x"), OceanClassic.Common.Types.ObObj.FromInt(1)];
        OceanClassic.Common.Types.ObObj[] ghost = [OceanClassic.Common.Types.ObObj.FromInt(9), OceanClassic.Common.Types.ObObj.FromInt(99), OceanClassic.Common.Types.ObObj.Null, OceanClassic.Common.Types.ObObj.FromInt(9)];
        request.Mutations.Add(new OceanClassic.Common.Protos.RowMutation { TableId = layout.Table.TableId, Rowkey = Google.Protobuf.ByteString.CopyFrom(layout.RowKey(gone)), Op = OceanClassic.Common.Protos.MutationOp.MutDelete });
        request.Mutations.Add(OceanClassic.MergeServer.Engine.Cluster.MutationBuilder.Mutation(layout.Table, OceanClassic.Common.Protos.MutationOp.MutReplace, layout.IndexRow(ghost)));
        await h.Cluster.ApplyAsync(request, CancellationToken.None);
        var a = (await h.RowsAsync("ALTER SYSTEM CHECK INDEX t")).Single(r => r[1] == "a");
        Assert.AreEqual("1|1|0", $"{a[5]}|{a[6]}|{a[7]}");
    }
}
