using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class VersionWindowTests
{
    private const ulong T = 7;

    private static ColumnCell[] Cells(params (int Column, long Value)[] cells) =>
        ColumnCells.Normalize([.. cells.Select(c => new ColumnCell(c.Column, ObObj.FromInt(c.Value)))]);

    private static Dictionary<int, long> AsMap(NetIncrement net) => net.Cells.ToDictionary(c => c.ColumnId, c => c.Value.Int);

    [TestMethod]
    public void AMinVersionFoldsOnlyTheNewerIncrementsAndLeavesAnUpdateOverTheBaseline()
    {
        var table = new MemTable.MemTable();
        var key = Ups.Key(1);
        table.Apply(T, key, 3, IncrementKind.Replace, Cells((1, 10), (2, 20)));
        table.Apply(T, key, 6, IncrementKind.Update, Cells((2, 21)));
        table.Apply(T, key, 8, IncrementKind.Update, Cells((3, 30)));

        var net = table.Find(T, key)!.Fold(10, minVersion: 5)!.Value;
        Assert.AreEqual(IncrementKind.Update, net.Kind);
        CollectionAssert.AreEquivalent(new Dictionary<int, long> { [2] = 21, [3] = 30 }, AsMap(net));
        Assert.IsNull(table.Find(T, key)!.Fold(5, minVersion: 3), "nothing in (3, 5]");
        Assert.AreEqual(IncrementKind.Replace, table.Find(T, key)!.Fold(10, minVersion: 0)!.Value.Kind);
    }

    [TestMethod]
    public void ADeleteInsideTheWindowRebuildsTheRowFromTheLaterCells()
    {
        var table = new MemTable.MemTable();
        var key = Ups.Key(1);
        table.Apply(T, key, 2, IncrementKind.Replace, Cells((1, 1)));
        table.Apply(T, key, 4, IncrementKind.Delete, []);
        table.Apply(T, key, 5, IncrementKind.Update, Cells((1, 9)));

        var net = table.Find(T, key)!.Fold(9, minVersion: 3)!.Value;
        Assert.AreEqual(IncrementKind.Replace, net.Kind);
        CollectionAssert.AreEquivalent(new Dictionary<int, long> { [1] = 9 }, AsMap(net));
        Assert.AreEqual(IncrementKind.Delete, table.Find(T, key)!.Fold(4, minVersion: 3)!.Value.Kind);
    }

    [TestMethod]
    public void ScansWithAMinVersionSkipRowsChangedOnlyBeforeIt()
    {
        var table = new MemTable.MemTable();
        for (var i = 0; i < 10; i++)
            table.Apply(T, Ups.Key(i), (ulong)(i + 1), IncrementKind.Replace, Cells((1, i)));
        var keys = table.Scan(T, null, readVersion: 10, minVersion: 6).Select(r => r.Row.RowKey).ToList();
        Assert.AreEqual(4, keys.Count);
        CollectionAssert.AreEqual(Ups.Key(6), keys[0]);
    }

    [TestMethod]
    public void ReleaseDropsOldIncrementsFreesMemoryAndKeepsRowExistenceForDuplicateChecks()
    {
        var table = new MemTable.MemTable();
        var writer = new Lock();
        table.Apply(T, Ups.Key(1), 1, IncrementKind.Replace, Cells((1, 1), (2, 2)));
        table.Apply(T, Ups.Key(2), 2, IncrementKind.Replace, Cells((1, 1)));
        table.Apply(T, Ups.Key(2), 3, IncrementKind.Delete, []);
        table.Apply(T, Ups.Key(1), 6, IncrementKind.Update, Cells((2, 3)));
        var before = table.ApproximateBytes;

        var freed = table.Release(5, writer, CancellationToken.None);

        Assert.IsTrue(freed > 0);
        Assert.AreEqual(before - freed, table.ApproximateBytes);
        var one = table.Find(T, Ups.Key(1))!;
        Assert.IsTrue(one.ExistsAtLatest);
        Assert.AreEqual(6UL, one.LatestVersion);
        CollectionAssert.AreEquivalent(new Dictionary<int, long> { [2] = 3 }, AsMap(one.Fold(9, 5)!.Value));
        Assert.IsNull(one.Newest!.Older, "the increment at version 1 is gone");
        var two = table.Find(T, Ups.Key(2))!;
        Assert.IsNull(two.Newest);
        Assert.IsFalse(two.ExistsAtLatest);
        Assert.AreEqual(3UL, two.LatestVersion);
    }
}
