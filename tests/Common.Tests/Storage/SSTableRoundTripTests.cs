using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Storage.StorageRows;

namespace OceanClassic.Common.Tests.Storage;

[TestClass]
public sealed class SSTableRoundTripTests
{
    private static readonly ObObj[] EveryValue =
    [
        ObObj.FromInt(long.MinValue), ObObj.FromInt(-1), ObObj.FromInt(0), ObObj.FromInt(long.MaxValue),
        ObObj.FromUInt(0), ObObj.FromUInt(ulong.MaxValue),
        ObObj.FromDecimal(79228162514264337593543950335m), ObObj.FromDecimal(-0.0001m), ObObj.FromDecimal(12.50m),
        ObObj.FromDouble(-0.0), ObObj.FromDouble(double.MaxValue), ObObj.FromDouble(double.NaN), ObObj.FromDouble(3.25),
        ObObj.FromString(""), ObObj.FromString("héllo wörld — 你好 🚀"), ObObj.FromString(new string('x', 300)),
        ObObj.FromDateTime(new DateTime(2014, 3, 1, 12, 30, 45, 123, DateTimeKind.Unspecified).AddTicks(4560)),
        ObObj.FromDateMicros(-86_400_000_000L * 365), ObObj.True, ObObj.False,
        ObObj.Null, ObObj.NotWritten, ObObj.RowDeleted,
    ];

    private static IEnumerable<SSTableRow> EveryKindRows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var cells = new SSTableCell[EveryValue.Length];
            for (var c = 0; c < cells.Length; c++)
                cells[c] = new SSTableCell(c + 16, EveryValue[(c + i) % EveryValue.Length]);
            var kind = (SSTableRowKind)(i % 4);
            yield return kind == SSTableRowKind.Deleted ? SSTableRow.Deleted(Key(i * 2)) : new SSTableRow(Key(i * 2), kind, cells);
        }
    }

    [TestMethod]
    public async Task RowsAddedWithCellsAlreadyEncodedMakeTheSameFileAsRowsAddedAsValues()
    {
        using var dir = new TempDir();
        var rows = EveryKindRows(500).ToList();
        var asValues = await WriteAsync(dir.File("values.sst"), rows, Tiny());

        var encoded = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var writer = SSTableWriter.Create(dir.File("encoded.sst"), Tiny()))
        {
            foreach (var row in rows)
            {
                encoded.ResetWrittenCount();
                foreach (var cell in row.Cells)
                {
                    CellCodec.WriteVarUInt(encoded, (ulong)cell.ColumnId);
                    CellCodec.Write(encoded, cell.Value);
                }
                await writer.AddEncodedRowAsync(row.Key, row.Kind, row.Cells.Length, encoded.WrittenSpan);
            }
            var info = await writer.FinishAsync();
            Assert.AreEqual(asValues.DataChecksum, info.DataChecksum);
        }
        CollectionAssert.AreEqual(File.ReadAllBytes(dir.File("values.sst")), File.ReadAllBytes(dir.File("encoded.sst")));
    }

    [TestMethod]
    public void EncodedRowsSplitIntoKeyKindAndCellsThatSkipLikeTheyRead()
    {
        foreach (var row in EveryKindRows(8))
        {
            var bytes = SSTableRowCodec.Encode(row);
            var kind = SSTableRowCodec.ReadEncoded(bytes, out var key, out var count, out var cells);
            Assert.AreEqual(row.Kind, kind);
            CollectionAssert.AreEqual(row.Key, key.ToArray());
            Assert.AreEqual(row.Cells.Length, count);
            int read = 0, skipped = 0;
            for (var i = 0; i < count; i++)
            {
                CellCodec.ReadVarUInt(cells, ref read);
                var value = CellCodec.Read(cells, ref read);
                CellCodec.ReadVarUInt(cells, ref skipped);
                var stringBytes = CellCodec.Skip(cells, ref skipped);
                Assert.AreEqual(read, skipped, $"cell {i} ({value.Type})");
                Assert.AreEqual(value.Type == ObType.String ? System.Text.Encoding.UTF8.GetByteCount(value.String) : 0, stringBytes);
            }
            Assert.AreEqual(cells.Length, skipped);
        }
        var bad = new byte[] { 0xEE };
        var pos = 0;
        Assert.ThrowsException<FormatException>(() => CellCodec.Skip(bad, ref pos));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(3)]
    [DataRow(9_000)]
    public async Task AFileWrittenWithODIRECTHasTheSameBytesAsOneWrittenThroughThePageCache(int rows)
    {
        using var dir = new TempDir();
        // 9,000 rows of ~350 bytes: 3 MB, several of the direct writer's 1 MiB buffers, the last one partial.
        var content = Enumerable.Range(0, rows).Select(i => Full(i, new SSTableCell(1, ObObj.FromString(new string((char)('a' + (i % 26)), 300 + (i % 50)))))).ToList();
        var cached = await WriteAsync(dir.File("cached.sst"), content, Tiny());
        await using (var writer = SSTableWriter.Create(dir.File("direct.sst"), Tiny() with { DirectIo = true }))
        {
            Assert.IsTrue(writer.IsDirect, "O_DIRECT where asked for (the test directory's file system takes it)");
            foreach (var row in content)
                await writer.AddRowAsync(row);
            var direct = await writer.FinishAsync();
            Assert.AreEqual(cached.FileSize, direct.FileSize);
        }

        CollectionAssert.AreEqual(File.ReadAllBytes(dir.File("cached.sst")), File.ReadAllBytes(dir.File("direct.sst")));
        using var reader = await SSTableReader.OpenAsync(dir.File("direct.sst"), cache: null);
        AssertSameRows(content, await ToListAsync(reader.ScanAsync()));
        CollectionAssert.AreEquivalent(new[] { "cached.sst", "direct.sst" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    [DataRow(SSTableCompressor.None)]
    [DataRow(SSTableCompressor.Deflate)]
    [DataRow(SSTableCompressor.Brotli)]
    [DataRow(SSTableCompressor.Lz4)]
    [DataRow(SSTableCompressor.Zstd)]
    public async Task EveryValueTypeAndRowKindSurvivesWriteReopenAndRead(SSTableCompressor compressor)
    {
        using var dir = new TempDir();
        var rows = EveryKindRows(2000).ToList();
        var info = await WriteAsync(dir.File("t.sst"), rows, Tiny(compressor));
        Assert.IsTrue(info.BlockCount > 20, $"tiny blocks give many blocks, got {info.BlockCount}");

        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst")); // the reopen step
        Assert.AreEqual(2000, reader.RowCount);
        Assert.AreEqual(compressor, reader.Compressor);
        Assert.AreEqual(info.DataChecksum, reader.DataChecksum);
        Assert.AreEqual(new FileInfo(dir.File("t.sst")).Length, reader.FileSize);
        CollectionAssert.AreEqual(rows[0].Key, reader.MinKey);
        CollectionAssert.AreEqual(rows[^1].Key, reader.MaxKey);
        AssertSameRows(rows, await ToListAsync(reader.ScanAsync()));
        foreach (var row in rows.Where((_, i) => i % 7 == 0))
            Assert.AreEqual(Show(row), Show((await reader.GetAsync(row.Key))!));
        var decimalCell = (await reader.GetAsync(rows[0].Key))!.Cells[6].Value;
        Assert.AreEqual(79228162514264337593543950335m, decimalCell.Decimal);
        Assert.AreEqual("héllo wörld — 你好 🚀", (await reader.GetAsync(rows[0].Key))!.Cells[14].Value.String);
    }

    [TestMethod]
    public async Task CompressionMakesRepetitiveDataSmallerAndKeepsTheDataChecksum()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, 5000).Select(i => Simple(i)).ToList();
        var plain = await WriteAsync(dir.File("none.sst"), rows, Tiny());
        var deflate = await WriteAsync(dir.File("deflate.sst"), rows, Tiny(SSTableCompressor.Deflate));
        var brotli = await WriteAsync(dir.File("brotli.sst"), rows, Tiny(SSTableCompressor.Brotli) with { BlockSize = 64 * 1024 });
        var lz4 = await WriteAsync(dir.File("lz4.sst"), rows, Tiny(SSTableCompressor.Lz4) with { BlockSize = 64 * 1024 });
        var zstd = await WriteAsync(dir.File("zstd.sst"), rows, Tiny(SSTableCompressor.Zstd) with { BlockSize = 64 * 1024 });
        foreach (var (name, info) in new[] { ("deflate", deflate), ("brotli", brotli), ("lz4", lz4), ("zstd", zstd) })
        {
            Assert.IsTrue(info.FileSize < plain.FileSize / 2, $"{name} {info.FileSize} vs none {plain.FileSize}");
            Assert.AreEqual(plain.DataChecksum, info.DataChecksum, name);
        }
    }

    [TestMethod]
    public async Task GetFindsEveryPresentKeyAndNothingForAbsentOnes()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, 3000).Select(i => Simple(i * 2)).ToList();
        await WriteAsync(dir.File("t.sst"), rows, Tiny(SSTableCompressor.Deflate));
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"));
        foreach (var row in rows)
            Assert.AreEqual(Show(row), Show((await reader.GetAsync(row.Key))!));
        for (var i = -5; i < 6010; i += 2)
            Assert.IsNull(await reader.GetAsync(Key(i)), $"odd key {i}");
        Assert.IsNull(await reader.GetAsync(Key(-100)));
        Assert.IsNull(await reader.GetAsync(Key(1_000_000)));
        Assert.IsNull(await reader.GetAsync(Array.Empty<byte>()));
        Assert.IsTrue(reader.BloomSkips > 2500, $"the bloom filter skips most absent keys, skipped {reader.BloomSkips}");
    }

    [TestMethod]
    public async Task GetWithoutABloomFilterStillReportsAbsentKeys()
    {
        using var dir = new TempDir();
        await WriteAsync(dir.File("t.sst"), Enumerable.Range(0, 500).Select(i => Simple(i * 2)), Tiny() with { UseBloomFilter = false });
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"));
        Assert.IsFalse(reader.HasBloomFilter);
        Assert.IsNull(await reader.GetAsync(Key(3)));
        Assert.IsNotNull(await reader.GetAsync(Key(4)));
    }

    [TestMethod]
    public async Task ARowLargerThanABlockGetsItsOwnBlockAndReadsBack()
    {
        using var dir = new TempDir();
        var big = Full(5, new SSTableCell(1, ObObj.FromString(new string('z', 20_000))));
        var rows = Enumerable.Range(0, 5).Select(i => Simple(i)).Append(big).Concat(Enumerable.Range(6, 5).Select(i => Simple(i))).ToList();
        var info = await WriteAsync(dir.File("t.sst"), rows, Tiny());
        Assert.AreEqual(3, info.BlockCount);
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"));
        Assert.AreEqual(Show(big), Show((await reader.GetAsync(big.Key))!));
        AssertSameRows(rows, await ToListAsync(reader.ScanAsync()));
    }

    [TestMethod]
    public async Task RowsOutOfKeyOrderOrRepeatedAreRejected()
    {
        using var dir = new TempDir();
        await using var writer = SSTableWriter.Create(dir.File("t.sst"), Tiny());
        await writer.AddRowAsync(Simple(2));
        await Assert.ThrowsExceptionAsync<ArgumentException>(async () => await writer.AddRowAsync(Simple(1)));
        await Assert.ThrowsExceptionAsync<ArgumentException>(async () => await writer.AddRowAsync(Simple(2)));
    }

    [TestMethod]
    public async Task AnEmptySstableHasNoRowsAndFindsNothing()
    {
        using var dir = new TempDir();
        var info = await WriteAsync(dir.File("t.sst"), [], Tiny());
        Assert.AreEqual(0, info.RowCount);
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"));
        Assert.AreEqual(0, reader.RowCount);
        Assert.IsNull(await reader.GetAsync(Key(1)));
        Assert.AreEqual(0, (await ToListAsync(reader.ScanAsync())).Count);
    }

    [TestMethod]
    public async Task AFinishedFileReplacesTheTempNameAndAnAbandonedWriterLeavesNothing()
    {
        using var dir = new TempDir();
        await WriteAsync(dir.File("done.sst"), [Simple(1)], Tiny());
        await using (var abandoned = SSTableWriter.Create(dir.File("abandoned.sst"), Tiny()))
            await abandoned.AddRowAsync(Simple(1));
        CollectionAssert.AreEqual(new[] { "done.sst" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void BlockSizesOutside4To64KiBAreRefused()
    {
        using var dir = new TempDir();
        Assert.ThrowsException<ArgumentException>(() => SSTableWriter.Create(dir.File("a.sst"), new SSTableWriterOptions { BlockSize = 1024 }));
        Assert.ThrowsException<ArgumentException>(() => SSTableWriter.Create(dir.File("b.sst"), new SSTableWriterOptions { BlockSize = 128 * 1024 }));
    }

    [TestMethod]
    public async Task ConcurrentReadersOfOneFileAllSeeTheRightRows()
    {
        using var dir = new TempDir();
        await WriteAsync(dir.File("t.sst"), Enumerable.Range(0, 4000).Select(i => Simple(i)), Tiny(SSTableCompressor.Deflate));
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"), new BlockCache(64 * 1024));
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var rng = new Random(t);
            for (var i = 0; i < 500; i++)
            {
                var id = rng.Next(4000);
                var row = await reader.GetAsync(Key(id));
                Assert.AreEqual(id, row!.Cells[0].Value.Int);
            }
        }));
        await Task.WhenAll(tasks);
    }
}
