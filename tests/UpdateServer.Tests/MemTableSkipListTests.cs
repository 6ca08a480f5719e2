using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Tests;

// The skip list orders rows by (table id, key bytes) while most comparisons read only the 16-byte key
// prefix a node holds, and the writer's second search for a key reuses its first one's path.
[TestClass]
public sealed class MemTableSkipListTests
{
    // Keys that tie on the prefix, end inside it, continue it with zero bytes, or differ only past it.
    private static List<byte[]> AwkwardKeys()
    {
        var random = new Random(11);
        var keys = new List<byte[]> { Array.Empty<byte>(), new byte[] { 0 }, new byte[] { 0, 0 }, new byte[16], new byte[17], new byte[40] };
        for (var i = 0; i < 3000; i++)
        {
            var key = new byte[random.Next(1, 30)];
            random.NextBytes(key);
            // Many keys share their first 16 bytes (a few patterns), so the tail decides.
            if (i % 3 == 0 && key.Length > 16)
                key.AsSpan(0, 16).Fill((byte)(i % 4));
            if (i % 5 == 0)
                key.AsSpan(key.Length / 2).Clear();
            keys.Add(key);
            keys.Add(key[..^1]);
        }
        return keys;
    }

    [TestMethod]
    public void RowsComeBackInTableThenKeyByteOrderWhateverTheirSharedPrefixes()
    {
        var list = new MemTableSkipList();
        var keys = AwkwardKeys();
        ulong version = 0;
        foreach (var key in keys)
        {
            for (ulong table = 1; table <= 2; table++)
                list.GetOrAdd(table, key, ++version, out _);
        }

        var expected = keys.Distinct(ByteKeyComparer.Instance).Order(ByteKeyComparer.Instance).ToList();
        for (ulong table = 1; table <= 2; table++)
        {
            var scanned = list.ScanFrom(table, null, inclusive: true).Select(r => r.RowKey).ToList();
            Assert.HasCount(expected.Count, scanned);
            for (var i = 0; i < expected.Count; i++)
                CollectionAssert.AreEqual(expected[i], scanned[i], $"table {table}, row {i}");
        }
        foreach (var key in keys)
        {
            Assert.IsNotNull(list.Find(2, key));
            var longer = key.Append((byte)0).ToArray();
            Assert.AreEqual(keys.Any(k => k.AsSpan().SequenceEqual(longer)), list.Find(2, longer) is not null);
        }
        Assert.AreEqual(expected.Count * 2, list.Count);
    }

    [TestMethod]
    public void AWriteAfterItsCheckLinksItsRowInPlaceEvenWhenAnotherRowWasLinkedBetween()
    {
        var list = new MemTableSkipList();
        var keys = AwkwardKeys();
        var linked = new HashSet<byte[]>(ByteKeyComparer.Instance);
        ulong version = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            // The check, then a neighbour linked (every third write), then the write itself.
            Assert.AreEqual(linked.Contains(keys[i]), list.FindForWrite(1, keys[i]) is not null);
            if (i % 3 == 0)
            {
                byte[] neighbour = [.. keys[i], 1];
                list.GetOrAdd(1, neighbour, ++version, out var neighbourCreated);
                Assert.AreEqual(linked.Add(neighbour), neighbourCreated);
            }
            var row = list.GetOrAdd(1, keys[i], ++version, out var created);
            Assert.AreEqual(linked.Add(keys[i]), created);
            Assert.AreSame(row, list.Find(1, keys[i]));
            // Written again at once (a transaction's second change of a row): the same row.
            Assert.AreSame(row, list.GetOrAdd(1, keys[i], ++version, out var again));
            Assert.IsFalse(again);
        }

        var rows = list.ScanFrom(1, null, inclusive: true).Select(r => r.RowKey).ToList();
        for (var i = 1; i < rows.Count; i++)
            Assert.IsTrue(rows[i - 1].AsSpan().SequenceCompareTo(rows[i]) < 0, $"rows {i - 1} and {i} out of order");
        Assert.AreEqual(linked.Count, rows.Count);
        Assert.AreEqual(rows.Count, list.Count);
    }
}
