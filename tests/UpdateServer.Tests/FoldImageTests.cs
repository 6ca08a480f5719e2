using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Tests;

// A read of a row costs a bounded number of increments however often the row was written
// (FoldImage), and what it reads stays what the whole version chain says at every read version.
[TestClass]
public sealed class FoldImageTests
{
    private const ulong T = 7;
    private const int Writes = 1000;

    private static ColumnCell[] Cells(params (int Column, long Value)[] cells) =>
        ColumnCells.Normalize([.. cells.Select(c => new ColumnCell(c.Column, ObObj.FromInt(c.Value)))]);

    // Version 1 inserts; each later version updates one of three columns, except a delete at 400 and a
    // re-insert of two columns at 401. Returns the row as it is at each version (null: deleted).
    private static Dictionary<int, long>?[] WriteHistory(MemTable.MemTable table, byte[] key)
    {
        var states = new Dictionary<int, long>?[Writes + 2];
        Dictionary<int, long>? state = null;
        for (var v = 1; v <= Writes + 1; v++)
        {
            switch (v)
            {
                case 1:
                    table.Apply(T, key, 1, IncrementKind.Replace, Cells((1, 0), (2, 0), (3, 0)));
                    state = new() { [1] = 0, [2] = 0, [3] = 0 };
                    break;
                case 400:
                    table.Apply(T, key, 400, IncrementKind.Delete, []);
                    state = null;
                    break;
                case 401:
                    table.Apply(T, key, 401, IncrementKind.Replace, Cells((1, 401), (2, 401)));
                    state = new() { [1] = 401, [2] = 401 };
                    break;
                default:
                    var column = (v % 3) + 1;
                    table.Apply(T, key, (ulong)v, IncrementKind.Update, Cells((column, v)));
                    state = new(state!) { [column] = v };
                    break;
            }
            states[v] = state;
        }
        return states;
    }

    // The row a reader builds: the net increment over the baseline it was asked against.
    private static Dictionary<int, long>? Fuse(Dictionary<int, long>? baseline, NetIncrement? net)
    {
        if (net is not { } n)
            return baseline;
        if (n.Kind == IncrementKind.Delete)
            return null;
        var row = n.Kind == IncrementKind.Update && baseline is not null ? new Dictionary<int, long>(baseline) : [];
        foreach (var cell in n.Cells)
            row[cell.ColumnId] = cell.Value.Int;
        return row;
    }

    private static void AssertRow(Dictionary<int, long>? expected, Dictionary<int, long>? actual, string where)
    {
        if (expected is null)
        {
            Assert.IsNull(actual, where);
            return;
        }
        Assert.IsNotNull(actual, where);
        CollectionAssert.AreEquivalent(expected, actual, where);
    }

    private static void AssertBoundedFolds(MemTableRow row, Dictionary<int, long>?[] states, ulong minVersion)
    {
        for (var read = (int)minVersion + 1; read <= Writes + 1; read++)
        {
            var net = row.Fold((ulong)read, minVersion, out var increments);
            Assert.IsTrue(increments <= FoldImage.MaxFoldDepth, $"read at {read} over {minVersion} folded {increments} increments");
            AssertRow(states[read], Fuse(states[minVersion], net), $"read at {read} over the baseline at {minVersion}");
        }
    }

    [TestMethod]
    public void ARowWrittenAThousandTimesIsReadFromAtMostEightIncrementsAtEveryVersion()
    {
        var table = new MemTable.MemTable();
        var states = WriteHistory(table, Ups.Key(1));

        AssertBoundedFolds(table.Find(T, Ups.Key(1))!, states, minVersion: 0);
    }

    [TestMethod]
    public void AFoldOverABaselineAtAMinVersionFusesToTheRowTheWholeChainGives()
    {
        var table = new MemTable.MemTable();
        var states = WriteHistory(table, Ups.Key(1));
        var row = table.Find(T, Ups.Key(1))!;

        foreach (var minVersion in new ulong[] { 1, 3, 9, 399, 400, 401, 450, 777, 1000 })
            AssertBoundedFolds(row, states, minVersion);
    }

    [TestMethod]
    public void AReleasedRowKeepsItsFoldsBoundedAndFusesToTheSameRows()
    {
        var table = new MemTable.MemTable();
        var states = WriteHistory(table, Ups.Key(1));
        var bytes = table.ApproximateBytes;

        var freed = table.Release(600, new Lock(), CancellationToken.None);

        Assert.AreEqual(bytes - freed, table.ApproximateBytes, "a release takes back what the increments and their images added");
        foreach (var minVersion in new ulong[] { 600, 601, 900 })
            AssertBoundedFolds(table.Find(T, Ups.Key(1))!, states, minVersion);
    }

    [TestMethod]
    public void ARowRestoredFromADumpIsReadFromAtMostEightIncrements()
    {
        var written = new MemTable.MemTable();
        var states = WriteHistory(written, Ups.Key(1));
        var chain = new List<RowIncrement>();
        for (var node = written.Find(T, Ups.Key(1))!.Newest; node is not null; node = node.Older)
            chain.Insert(0, node);

        var restored = new MemTable.MemTable();
        var increments = chain.Select(n => restored.StoreEncoded(n.Version, n.Kind, n.EncodedCells.Span, n.EncodedCells.Count)).ToList();
        restored.Restore(T, Ups.Key(1), null, increments);

        AssertBoundedFolds(restored.Find(T, Ups.Key(1))!, states, minVersion: 0);
    }
}
