using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class MemTableTests
{
    private const ulong T = 7;

    private static ColumnCell[] Cells(params (int Column, long Value)[] cells) =>
        ColumnCells.Normalize([.. cells.Select(c => new ColumnCell(c.Column, ObObj.FromInt(c.Value)))]);

    private static Dictionary<int, long> AsMap(NetIncrement net) => net.Cells.ToDictionary(c => c.ColumnId, c => c.Value.Int);

    [TestMethod]
    public void CellsAreNormalizedToColumnOrderWithTheLastWriteOfAColumnWinning()
    {
        var cells = Cells((3, 30), (1, 10), (3, 31), (2, 20), (1, 11));
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, cells.Select(c => c.ColumnId).ToArray());
        CollectionAssert.AreEqual(new long[] { 11, 20, 31 }, cells.Select(c => c.Value.Int).ToArray());
        var ordered = Cells((1, 1), (4, 4), (9, 9));
        CollectionAssert.AreEqual(new[] { 1, 4, 9 }, ordered.Select(c => c.ColumnId).ToArray());
        Assert.AreEqual(0, Cells().Length);
    }

    [TestMethod]
    public void UpdatesFoldNewestCellFirstAndStopAtAReplace()
    {
        var table = new MemTable.MemTable();
        var key = Ups.Key(1);
        table.Apply(T, key, 1, IncrementKind.Replace, Cells((1, 10), (2, 20)));
        table.Apply(T, key, 2, IncrementKind.Update, Cells((2, 21)));
        table.Apply(T, key, 3, IncrementKind.Update, Cells((2, 22), (3, 30)));

        var net = table.Find(T, key)!.Fold(3)!.Value;
        Assert.AreEqual(IncrementKind.Replace, net.Kind);
        CollectionAssert.AreEquivalent(new Dictionary<int, long> { [1] = 10, [2] = 22, [3] = 30 }, AsMap(net));
        Assert.AreEqual(3UL, net.NewestVersion);
    }

    [TestMethod]
    public void CellsPackedInTheArenaReadBackExactlyAndThousandsOfRowsShareAFewChunks()
    {
        var table = new MemTable.MemTable();
        static ColumnCell[] Row(int i) => ColumnCells.Normalize([
            new ColumnCell(1, ObObj.FromInt(i)), new ColumnCell(2, ObObj.FromString("c-" + new string('x', i % 120) + "-é漢")),
            new ColumnCell(3, ObObj.Null), new ColumnCell(4, ObObj.FromDouble(i / 3.0))]);
        for (var i = 0; i < 5000; i++)
            table.Apply(T, Ups.Key(i), (ulong)i + 1, IncrementKind.Replace, Row(i));
        var huge = ColumnCells.Normalize([new ColumnCell(1, ObObj.FromString(new string('h', MemTableArena.ChunkBytes)))]);
        table.Apply(T, Ups.Key(-1), 9999, IncrementKind.Replace, huge);

        for (var i = 0; i < 5000; i += 7)
        {
            var net = table.Find(T, Ups.Key(i))!.Fold(ulong.MaxValue)!.Value;
            CollectionAssert.AreEqual(Row(i), net.Cells, $"row {i}");
        }
        Assert.AreEqual(huge[0].Value.String, table.Find(T, Ups.Key(-1))!.Fold(ulong.MaxValue)!.Value.Cells[0].Value.String);
        Assert.IsTrue(table.ArenaChunks is > 0 and < 10, $"{table.ArenaChunks} chunks for 5000 rows");
    }

    [TestMethod]
    public void AReadVersionSeesExactlyTheIncrementsAtOrBelowIt()
    {
        var table = new MemTable.MemTable();
        var key = Ups.Key(1);
        table.Apply(T, key, 5, IncrementKind.Update, Cells((1, 1)));
        table.Apply(T, key, 7, IncrementKind.Update, Cells((1, 2)));

        var row = table.Find(T, key)!;
        Assert.IsNull(row.Fold(4));
        Assert.AreEqual(1L, AsMap(row.Fold(5)!.Value)[1]);
        Assert.AreEqual(1L, AsMap(row.Fold(6)!.Value)[1]);
        Assert.AreEqual(2L, AsMap(row.Fold(7)!.Value)[1]);
        Assert.AreEqual(IncrementKind.Update, row.Fold(7)!.Value.Kind);
    }

    [TestMethod]
    public void ADeleteHidesOlderCellsAndCellsWrittenAfterItRebuildTheRow()
    {
        var table = new MemTable.MemTable();
        var key = Ups.Key(1);
        table.Apply(T, key, 1, IncrementKind.Update, Cells((1, 1), (2, 2)));
        table.Apply(T, key, 2, IncrementKind.Delete, []);
        table.Apply(T, key, 3, IncrementKind.Update, Cells((2, 5)));
        var row = table.Find(T, key)!;

        Assert.AreEqual(IncrementKind.Delete, row.Fold(2)!.Value.Kind);
        Assert.AreEqual(0, row.Fold(2)!.Value.Cells.Length);
        var after = row.Fold(3)!.Value;
        Assert.AreEqual(IncrementKind.Replace, after.Kind);
        CollectionAssert.AreEquivalent(new Dictionary<int, long> { [2] = 5 }, AsMap(after));
        Assert.IsTrue(row.ExistsAtLatest);
    }

    [TestMethod]
    public void RangeScansHonourInclusiveAndOpenBoundsAndStayInsideTheTable()
    {
        var table = new MemTable.MemTable();
        foreach (var id in new long[] { 5, 1, 4, 2, 3 })
            table.Apply(T, Ups.Key(id), 1, IncrementKind.Replace, Cells((1, id)));
        table.Apply(T + 1, Ups.Key(0), 1, IncrementKind.Replace, Cells((1, 0)));
        table.Apply(T - 1, Ups.Key(9), 1, IncrementKind.Replace, Cells((1, 9)));

        long[] Ids(KeyRange? range) => [.. table.Scan(T, range, 1).Select(r => RowKeyCodec.Decode(r.Row.RowKey)[0].Int)];
        KeyRange Range(long start, bool si, long end, bool ei) => new()
        {
            Start = ByteString.CopyFrom(Ups.Key(start)), StartInclusive = si,
            End = ByteString.CopyFrom(Ups.Key(end)), EndInclusive = ei,
        };

        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5 }, Ids(null));
        CollectionAssert.AreEqual(new long[] { 2, 3, 4 }, Ids(Range(2, true, 4, true)));
        CollectionAssert.AreEqual(new long[] { 3 }, Ids(Range(2, false, 4, false)));
        CollectionAssert.AreEqual(new long[] { 1, 2 }, Ids(new KeyRange { StartIsMin = true, End = ByteString.CopyFrom(Ups.Key(2)), EndInclusive = true }));
        CollectionAssert.AreEqual(new long[] { 4, 5 }, Ids(new KeyRange { Start = ByteString.CopyFrom(Ups.Key(3)), EndIsMax = true }));
        CollectionAssert.AreEqual(new long[] { 3 }, Ids(Range(3, true, 3, true)));
        CollectionAssert.AreEqual(Array.Empty<long>(), Ids(Range(3, false, 3, true)));
    }

    [TestMethod]
    public void RowsChangedAfterAVersionAreExactlyThoseWithANewerIncrementInKeyOrder()
    {
        var table = new MemTable.MemTable();
        var random = new Random(11);
        ulong version = 0;
        // A bulk of old rows in two tables, then a few scattered changes, inserts at the ends and a restored row.
        for (var i = 0; i < 20_000; i++)
            table.Apply(T + (ulong)(i % 2), Ups.Key(i), ++version, IncrementKind.Replace, Cells((1, i)));
        var old = version;
        for (var i = 0; i < 300; i++)
        {
            var id = random.Next(i % 3 == 0 ? 30_000 : 20_000);
            table.Apply(T + (ulong)(id % 2), Ups.Key(id), ++version, IncrementKind.Update, Cells((2, i)));
        }
        var encoded = new System.Buffers.ArrayBufferWriter<byte>();
        IncrementRowCodec.WriteCell(encoded, 1, ObObj.FromString("restored"));
        table.Restore(T, Ups.Key(40_001), null, [table.StoreEncoded(++version, IncrementKind.Replace, encoded.WrittenSpan, 1)]);

        foreach (var after in new[] { 0UL, old / 2, old, old + 1, old + 150, version - 1, version })
        {
            var expected = table.AllRows().Where(r => r.LatestVersion > after).Select(r => (r.TableId, Convert.ToHexString(r.RowKey))).ToList();
            var changed = table.RowsChangedAfter(after).Select(r => (r.TableId, Convert.ToHexString(r.RowKey))).ToList();
            CollectionAssert.AreEqual(expected, changed, $"rows changed after {after}");
        }
        Assert.AreEqual(0, table.RowsChangedAfter(version).Count());
    }

    [TestMethod]
    public void ApproximateBytesGrowWithRowsAndIncrements()
    {
        var table = new MemTable.MemTable();
        table.Apply(T, Ups.Key(1), 1, IncrementKind.Replace, Cells((1, 1)));
        var one = table.ApproximateBytes;
        table.Apply(T, Ups.Key(1), 2, IncrementKind.Update, Cells((1, 2)));
        var two = table.ApproximateBytes;
        Assert.IsTrue(one > 0);
        Assert.IsTrue(two > one);
        Assert.AreEqual(1, table.RowCount);
    }

    [TestMethod]
    public async Task ReadersScanConsistentlyWhileTheSingleWriterInserts()
    {
        var table = new MemTable.MemTable();
        const int Rows = 20_000;
        var published = 0L;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // Keys inserted in a scrambled order; version v = v-th insert, published after linking.
            for (var v = 1; v <= Rows; v++)
            {
                var id = (v * 7919L) % Rows;
                table.Apply(T, Ups.Key(id), (ulong)v, IncrementKind.Replace, Cells((1, id)));
                Volatile.Write(ref published, v);
            }
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var scans = 0;
            while (!writer.IsCompleted || scans < 3)
            {
                var version = (ulong)Volatile.Read(ref published);
                long previous = -1;
                var seen = 0;
                foreach (var (row, net) in table.Scan(T, null, version))
                {
                    var id = RowKeyCodec.Decode(row.RowKey)[0].Int;
                    Assert.IsTrue(id > previous, "keys must come in order");
                    Assert.AreEqual(id, net.Cells[0].Value.Int);
                    previous = id;
                    seen++;
                }
                // Every version up to the one read must be visible: exactly `version` rows.
                Assert.AreEqual((int)version, seen);
                scans++;
            }
            return scans;
        })).ToArray();
        await writer;
        var counts = await Task.WhenAll(readers);
        Assert.IsTrue(counts.All(c => c >= 3));
    }
}
