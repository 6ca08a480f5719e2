using Google.Protobuf;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class TabletMapTests
{
    private static TabletMap ThreeTablets()
    {
        var map = new TabletMap();
        map.Replace([Tablet(7, null, 100), Tablet(7, 100, 200), Tablet(7, 200, null), Tablet(8, null, null)]);
        return map;
    }

    [TestMethod]
    public void AKeyIsFoundInTheTabletWhoseRangeHoldsIt()
    {
        var map = ThreeTablets();
        Assert.IsTrue(map.TryFind(7, Key(-5), out var t));
        Assert.IsTrue(t.Range.StartIsMin);
        Assert.IsTrue(map.TryFind(7, Key(100), out t), "start bound is inclusive");
        CollectionAssert.AreEqual(Key(100), t.Range.Start.ToByteArray());
        Assert.IsTrue(map.TryFind(7, Key(199), out t));
        CollectionAssert.AreEqual(Key(100), t.Range.Start.ToByteArray());
        Assert.IsTrue(map.TryFind(7, Key(long.MaxValue), out t));
        Assert.IsTrue(t.Range.EndIsMax);
        Assert.IsFalse(map.TryFind(9, Key(1), out _), "table 9 is not served here");
    }

    [TestMethod]
    public void ARangeMustLieInsideOneTablet()
    {
        var map = ThreeTablets();
        Assert.IsTrue(map.TryFindCovering(7, Range(100, 200), out _));
        Assert.IsTrue(map.TryFindCovering(7, Range(150, 160), out _));
        Assert.IsFalse(map.TryFindCovering(7, Range(150, 250), out _), "crosses a tablet boundary");
        Assert.IsFalse(map.TryFindCovering(7, Range(null, null), out _));
        Assert.IsTrue(map.TryFindCovering(8, Range(null, null), out _));

        var endInclusive = Range(100, 200);
        endInclusive.EndInclusive = true;
        Assert.IsFalse(map.TryFindCovering(7, endInclusive, out _), "key 200 belongs to the next tablet");
    }

    [TestMethod]
    public void ARangeNotServedHereIsError6001()
    {
        var map = ThreeTablets();
        var ex = Assert.ThrowsException<RpcException>(() => map.GetCovering(9, Range(1, 2)));
        Assert.AreEqual(WireErrorCodes.TabletNotServedHere, ex.Code);
    }

    [TestMethod]
    public void ReplacingTheMapDropsMovedTabletsAndKeepsUnchangedOnes()
    {
        var map = ThreeTablets();
        map.TryFind(7, Key(150), out var before);
        map.Replace([Tablet(7, 100, 200), Tablet(7, 200, null, version: 2)]);
        Assert.AreEqual(2, map.Count);
        Assert.IsFalse(map.TryFind(7, Key(5), out _));
        Assert.IsTrue(map.TryFind(7, Key(150), out var after));
        Assert.AreSame(before, after);
        Assert.IsTrue(map.TryFind(7, Key(250), out var moved));
        Assert.AreEqual(2UL, moved.Version);
    }

    [TestMethod]
    public void ExclusiveStartsAndContinuationsAfterAKeyBehave()
    {
        var after = KeyRanges.After(Range(null, 10), Key(5));
        Assert.IsFalse(KeyRanges.Contains(after, Key(5)));
        Assert.IsTrue(KeyRanges.Contains(after, Key(6)));
        Assert.IsFalse(KeyRanges.Contains(after, Key(10)));
        Assert.IsTrue(KeyRanges.Covers(Range(null, 10), after));
        Assert.IsFalse(KeyRanges.Covers(after, Range(5, 10)));
        var point = new KeyRange { Start = ByteString.CopyFrom(Key(3)), StartInclusive = true, End = ByteString.CopyFrom(Key(3)), EndInclusive = true };
        Assert.IsTrue(KeyRanges.Covers(Range(null, 10), point));
        Assert.IsFalse(KeyRanges.Covers(Range(4, 10), point));
    }
}
