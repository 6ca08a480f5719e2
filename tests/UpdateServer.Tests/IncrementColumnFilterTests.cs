using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.Engine;
using OceanClassic.UpdateServer.MemTable;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// An increment scan that names column_ids sends each row's key and state as before and only its cells of
// those columns (IncrementColumnFilter): stored, folded and imaged rows alike, on the loop walk and on a
// transaction's path; an Update with none of them stays an Update with no cell, a Delete stays a Delete;
// no column list sends every cell.
[TestClass]
public sealed class IncrementColumnFilterTests
{
    private const ulong T = 7;

    private static ColumnCell Int(int column, long value) => new(column, ObObj.FromInt(value));

    private static ColumnCell Text(int column, string text) => new(column, ObObj.FromString(text));

    private static string Render(IEnumerable<IncrementRowsBlock.Row> rows) =>
        string.Join(" | ", rows.Select(row => $"{RowKeyCodec.Decode(row.RowKey)[0].Int}:{row.State}:"
            + string.Join(",", row.Cells.Select(c => $"{c.ColumnId}={c.Value.ToText()}"))));

    private static MemTable.MemTable Table()
    {
        var table = new MemTable.MemTable();
        // Row 1 stored as written (id, k, c, pad); row 2 a fold of a Replace and an Update of k;
        // row 3 only an Update of pad; row 4 a FoldImage; row 5 deleted.
        table.Apply(T, Key(1), 1, IncrementKind.Replace, [Int(1, 1), Int(2, 10), Text(3, "c1"), Text(4, "pad1")]);
        table.Apply(T, Key(2), 2, IncrementKind.Replace, [Int(1, 2), Int(2, 20), Text(3, "c2"), Text(4, "pad2")]);
        table.Apply(T, Key(2), 3, IncrementKind.Update, [Int(2, 21)]);
        table.Apply(T, Key(3), 4, IncrementKind.Update, [Text(4, "pad3")]);
        table.Apply(T, Key(4), 5, IncrementKind.Replace, [Int(1, 4), Int(2, 40), Text(3, "c4"), Text(4, "pad4")]);
        for (var v = 6UL; v < 6 + (2 * FoldImage.MaxFoldDepth); v++)
            table.Apply(T, Key(4), v, IncrementKind.Update, [Int(2, (long)v)]);
        table.Apply(T, Key(5), 40, IncrementKind.Replace, [Int(1, 5), Text(3, "c5")]);
        table.Apply(T, Key(5), 41, IncrementKind.Delete, []);
        return table;
    }

    private static string Scan(MemTable.MemTable table, params int[] columnIds)
    {
        var request = new ScanIncrementRequest { TableId = T, ReadVersion = 50 };
        request.ColumnIds.AddRange(columnIds);
        using var scan = new IncrementScan(table, request, 50);
        while (!scan.Run(1, int.MaxValue))
        {
        }
        return Render(IncrementRowsBlock.Decode(scan.TakeBlock().Span));
    }

    [TestMethod]
    public void AScanNamingColumnsSendsOnlyTheirCellsOfStoredFoldedAndImagedRowsWithEveryRowsKeyAndState()
    {
        var table = Table();
        var last = 6 + (2 * FoldImage.MaxFoldDepth) - 1;

        Assert.AreEqual("1:Replace:3=c1 | 2:Replace:3=c2 | 3:Update: | 4:Replace:3=c4 | 5:Delete:", Scan(table, 3));
        // Kept cells apart from each other (two runs of a stored row), repeated and out of order in the request.
        Assert.AreEqual("1:Replace:1=1,3=c1 | 2:Replace:1=2,3=c2 | 3:Update: | 4:Replace:1=4,3=c4 | 5:Delete:", Scan(table, 3, 1, 3));
        Assert.AreEqual($"1:Replace:2=10,4=pad1 | 2:Replace:2=21,4=pad2 | 3:Update:4=pad3 | 4:Replace:2={last},4=pad4 | 5:Delete:", Scan(table, 4, 2));
        Assert.AreEqual(
            $"1:Replace:1=1,2=10,3=c1,4=pad1 | 2:Replace:1=2,2=21,3=c2,4=pad2 | 3:Update:4=pad3 | 4:Replace:1=4,2={last},3=c4,4=pad4 | 5:Delete:",
            Scan(table), "no column list: every cell");
        Assert.AreEqual(Scan(table), Scan(table, 1, 2, 3, 4, 99), "every column named: the same rows");
    }

    [TestMethod]
    public async Task AScanInATransactionAndOneThroughTheEngineSendOnlyTheNamedColumnsCells()
    {
        using var ups = new UpsHarness(syncLog: false);
        for (var id = 0; id < 20; id++)
            await ups.ApplyAsync(Insert(id, C(1, id), C(2, new string('c', 120)), C(3, new string('p', 60))));
        await ups.ApplyAsync(Update(7, C(1, 700)));
        foreach (var txId in new ulong[] { 0, ups.Engine.BeginTx(new BeginTxRequest()).TxId })
        {
            var all = new ScanIncrementRequest { TableId = UpsHarness.Table, TxId = txId };
            var onlyC = all.Clone();
            onlyC.ColumnIds.Add(2);
            var full = (await ups.Engine.ScanIncrementAsync(all, CancellationToken.None)).Rows;
            var projected = (await ups.Engine.ScanIncrementAsync(onlyC, CancellationToken.None)).Rows;
            var rows = IncrementRowsBlock.Decode(projected.Span);

            Assert.AreEqual(20, rows.Count, $"tx {txId}");
            Assert.IsTrue(rows.All(r => r.State == IncrementKind.Replace && r.Cells is [{ ColumnId: 2 }]), $"tx {txId}: {Render(rows)}");
            Assert.IsTrue(projected.Length < full.Length - (20 * 60), $"tx {txId}: {projected.Length} bytes against {full.Length}");
        }
    }
}
