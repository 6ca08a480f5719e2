using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.Engine;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Tests;

// A scan's rows block carries each row's net increment whether it was one stored increment (its
// encoded cells copied as they are), a fold of several, or a FoldImage.
[TestClass]
public sealed class IncrementRowsBlockTests
{
    private const ulong T = 7;

    [TestMethod]
    public void StoredFoldedImagedAndDeletedRowsReadBackFromTheBlockAsTheirFolds()
    {
        var table = new MemTable.MemTable();
        ColumnCell Text(int column, string text) => new(column, ObObj.FromString(text));
        ColumnCell Int(int column, long value) => new(column, ObObj.FromInt(value));
        table.Apply(T, Ups.Key(1), 1, IncrementKind.Replace, [Int(1, 1), Text(2, "stored as written")]);
        table.Apply(T, Ups.Key(2), 2, IncrementKind.Replace, [Int(1, 2), Text(2, "folded")]);
        table.Apply(T, Ups.Key(2), 3, IncrementKind.Update, [Int(1, 20)]);
        table.Apply(T, Ups.Key(3), 4, IncrementKind.Replace, [Int(1, 3), Text(2, "imaged")]);
        for (var v = 5UL; v < 5 + (2 * FoldImage.MaxFoldDepth); v++)
            table.Apply(T, Ups.Key(3), v, IncrementKind.Update, [Int(1, (long)v)]);
        table.Apply(T, Ups.Key(4), 30, IncrementKind.Replace, [Int(1, 4)]);
        table.Apply(T, Ups.Key(4), 31, IncrementKind.Delete, []);

        var block = IncrementRowsBlock.Encode(table.Scan(T, null, readVersion: 31).Select(r => (r.Row.RowKey, r.Net)), 0, out var hasMore);
        var rows = IncrementRowsBlock.Decode(block.Span);

        Assert.IsFalse(hasMore);
        Assert.AreEqual(4, rows.Count);
        string Render(IncrementRowsBlock.Row row) => $"{row.State}:" + string.Join(",", row.Cells.Select(c => $"{c.ColumnId}={c.Value.ToText()}"));
        Assert.AreEqual("Replace:1=1,2=stored as written", Render(rows[0]));
        Assert.AreEqual("Replace:1=20,2=folded", Render(rows[1]));
        Assert.AreEqual($"Replace:1={4 + (2 * FoldImage.MaxFoldDepth)},2=imaged", Render(rows[2]));
        Assert.AreEqual("Delete:", Render(rows[3]));
    }
}
