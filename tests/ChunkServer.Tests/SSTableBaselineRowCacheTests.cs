using Google.Protobuf;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class SSTableBaselineRowCacheTests
{
    private static KeyRange Point(byte[] key) => new()
    {
        Start = ByteString.CopyFrom(key), StartInclusive = true, End = ByteString.CopyFrom(key), EndInclusive = true,
    };

    [TestMethod]
    public async Task PointReadsOfABaselineAreServedFromTheRowCacheTheSecondTime()
    {
        var dir = Directory.CreateTempSubdirectory("obrowcache").FullName;
        try
        {
            var path = Path.Combine(dir, "t.sst");
            await using (var writer = SSTableWriter.Create(path, new SSTableWriterOptions { BlockSize = 4096 }))
            {
                for (var i = 0; i < 500; i += 2)
                {
                    await writer.AddRowAsync(new SSTableRow(RowKeyCodec.Encode(ObObj.FromInt(i)), SSTableRowKind.Full,
                        [new SSTableCell(1, ObObj.FromInt(i)), new SSTableCell(2, ObObj.FromString($"row {i}"))]), CancellationToken.None);
                }
                await writer.FinishAsync(CancellationToken.None);
            }
            var cache = new RowCache(1 << 20);
            using var baseline = new SSTableBaseline(await SSTableReader.OpenAsync(path, null, CancellationToken.None), cache);
            int[] columns = [2, 1];

            async Task<List<TabletRow>> ReadAsync(long id)
            {
                var rows = new List<TabletRow>();
                await foreach (var row in baseline.ScanAsync(Point(RowKeyCodec.Encode(ObObj.FromInt(id))), columns, CancellationToken.None))
                    rows.Add(row);
                return rows;
            }

            var first = await ReadAsync(42);
            var second = await ReadAsync(42);
            Assert.AreEqual(1, first.Count);
            Assert.AreEqual("row 42", second.Single().Cells[0].String);
            Assert.AreEqual(42, second.Single().Cells[1].Int);
            Assert.AreEqual(0, (await ReadAsync(43)).Count, "an absent key stays absent");
            Assert.AreEqual(0, (await ReadAsync(43)).Count);
            Assert.AreEqual(2, cache.Stats.Hits);
            Assert.AreEqual(2, cache.Stats.Misses);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
