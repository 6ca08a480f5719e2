using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Storage;
using static OceanClassic.Common.Tests.Storage.StorageRows;

namespace OceanClassic.Common.Tests.Storage;

[TestClass]
public sealed class BloomFilterTests
{
    private const int Keys = 100_000;

    [TestMethod]
    public void EveryAddedKeyOf100kIsReportedPresentAfterASerializationRoundTrip()
    {
        var bloom = new BloomFilter(Keys, 10);
        for (var i = 0; i < Keys; i++)
            bloom.Add(Key(i));
        var restored = BloomFilter.Deserialize(bloom.Serialize());
        Assert.AreEqual(bloom.HashCount, restored.HashCount);
        Assert.AreEqual(bloom.BitCount, restored.BitCount);
        for (var i = 0; i < Keys; i++)
            Assert.IsTrue(restored.MayContain(Key(i)), $"false negative for key {i}");
    }

    [TestMethod]
    [DataRow(10, 0.02)]
    [DataRow(5, 0.15)]
    public void FalsePositiveRateStaysNearTheConfiguredBitsPerKey(int bitsPerKey, double limit)
    {
        var bloom = new BloomFilter(Keys, bitsPerKey);
        for (var i = 0; i < Keys; i++)
            bloom.Add(Key(i));
        var falsePositives = 0;
        for (var i = Keys; i < 2 * Keys; i++)
        {
            if (bloom.MayContain(Key(i)))
                falsePositives++;
        }
        var rate = (double)falsePositives / Keys;
        Assert.IsTrue(rate < limit, $"false-positive rate {rate:P2} at {bitsPerKey} bits/key");
        Assert.IsTrue(rate > 0, "a real bloom filter has some false positives");
    }

    [TestMethod]
    public void AMalformedSerializedFilterIsRefused()
    {
        var bytes = new BloomFilter(100, 10).Serialize();
        Assert.ThrowsException<FormatException>(() => BloomFilter.Deserialize(bytes.AsSpan(0, bytes.Length - 8)));
        bytes[0] = 9;
        Assert.ThrowsException<FormatException>(() => BloomFilter.Deserialize(bytes));
    }

    [TestMethod]
    public void TheKeyHashIsPinnedBecauseStoredFiltersDependOnIt()
    {
        Assert.AreEqual(14804560997805069416UL, KeyHash.Hash64("oceanbase"u8));
        Assert.AreNotEqual(KeyHash.Hash64("oceanbase"u8), KeyHash.Hash64("oceanbasf"u8));
    }
}
