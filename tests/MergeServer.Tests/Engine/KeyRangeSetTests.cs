using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Tests.Engine;

// The range-set builder (KeyRangeSet) and the OR conjuncts KeyRangeExtractor turns into range sets.
[TestClass]
public sealed class KeyRangeSetTests
{
    private static readonly TableSchema Single = new(1000, "db", "t",
        [new ColumnSchema(1, "id", ColumnType.Int, Nullable: false), new ColumnSchema(2, "v", ColumnType.Int)], [0]);

    // An index-like key: (k nullable, id).
    private static readonly TableSchema Indexed = new(1001, "db", "i",
        [new ColumnSchema(1, "k", ColumnType.Int), new ColumnSchema(2, "id", ColumnType.Int, Nullable: false)], [0, 1]);

    private static byte[] Key(long v) => RowKeyCodec.Encode([ObObj.FromInt(v)]);

    private static ScanRange Range(long from, bool fromInclusive, long to, bool toInclusive) => new(Key(from), fromInclusive, Key(to), toInclusive);

    private static BoundExpr Col(int i) => new BoundColumn(i);

    private static BoundExpr Lit(long v) => new BoundLiteral(ObObj.FromInt(v));

    private static BoundExpr Between(BoundExpr e, long low, long high) => new BoundBetween(e, Lit(low), Lit(high), false);

    private static BoundExpr Or(params BoundExpr[] branches) => branches.Aggregate((l, r) => new BoundBinary(BinaryOp.Or, l, r));

    private static BoundExpr And(BoundExpr l, BoundExpr r) => new BoundBinary(BinaryOp.And, l, r);

    private static long[] Admitted(IReadOnlyList<ScanRange> ranges, IEnumerable<long> candidates) =>
        [.. candidates.Where(v => ranges.Any(r => r.Intersect(ScanRange.Point(Key(v))) is not null))];

    private static void AssertSortedAndDisjoint(IReadOnlyList<ScanRange> ranges)
    {
        for (var i = 1; i < ranges.Count; i++)
        {
            var previousEnd = ranges[i - 1].End;
            Assert.IsNotNull(previousEnd, "only the last range may reach +inf");
            Assert.IsTrue(ranges[i].Start is { } start && start.AsSpan().SequenceCompareTo(previousEnd) >= 0, $"range {i} starts before range {i - 1} ends");
        }
    }

    [TestMethod]
    public void OverlappingRangesMergeIntoOneAndDisjointOnesStayApartInKeyOrder()
    {
        var set = KeyRangeSet.Union([Range(20, true, 30, true), Range(1, true, 5, true), Range(3, true, 8, false), Range(40, true, 41, true)]);
        Assert.AreEqual(3, set.Count);
        AssertSortedAndDisjoint(set);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5, 6, 7, 20, 25, 30, 40, 41 }, Admitted(set, [0, 1, 2, 3, 4, 5, 6, 7, 8, 19, 20, 25, 30, 31, 39, 40, 41, 42]));
    }

    [TestMethod]
    public void RangesThatMeetMergeOnlyWhenNoKeyLiesBetweenThem()
    {
        Assert.AreEqual(1, KeyRangeSet.Union([Range(1, true, 5, false), Range(5, true, 9, true)]).Count);
        Assert.AreEqual(1, KeyRangeSet.Union([Range(1, true, 5, true), Range(5, false, 9, true)]).Count);
        var gap = KeyRangeSet.Union([Range(1, true, 5, false), Range(5, false, 9, true)]);
        Assert.AreEqual(2, gap.Count, "key 5 is in neither range");
        CollectionAssert.AreEqual(new long[] { 4, 6 }, Admitted(gap, [4, 5, 6]));
    }

    [TestMethod]
    public void UnboundedEndsSwallowWhatTheyReachAndEmptyRangesAreDropped()
    {
        var set = KeyRangeSet.Union([new ScanRange(Key(10), false, null, true), Range(12, true, 14, true), Range(9, true, 8, true), Range(2, true, 3, true)]);
        Assert.AreEqual(2, set.Count);
        Assert.IsNull(set[1].End);
        CollectionAssert.AreEqual(new long[] { 2, 3, 11, 500 }, Admitted(set, [1, 2, 3, 8, 9, 10, 11, 500]));
        var everything = KeyRangeSet.Union([new ScanRange(null, true, Key(5), true), new ScanRange(Key(5), true, null, true)]);
        Assert.IsTrue(everything.Single() is { Start: null, End: null });
    }

    [TestMethod]
    public void DuplicatePointsCollapseIntoOne()
    {
        var set = KeyRangeSet.Union([ScanRange.Point(Key(7)), ScanRange.Point(Key(3)), ScanRange.Point(Key(7))]);
        Assert.AreEqual(2, set.Count);
        Assert.IsTrue(set.All(r => r.IsPoint));
        CollectionAssert.AreEqual(Key(3), set[0].Start);
    }

    [TestMethod]
    public void AnOrOfBetweensOnTheKeyIsASortedMergedRangeSet()
    {
        var ranges = KeyRangeExtractor.Extract(Or(Between(Col(0), 50, 55), Between(Col(0), 10, 15), Between(Col(0), 12, 20)), Single);
        Assert.AreEqual(2, ranges.Count);
        AssertSortedAndDisjoint(ranges);
        CollectionAssert.AreEqual(new long[] { 10, 15, 20, 50, 55 }, Admitted(ranges, [9, 10, 15, 20, 21, 49, 50, 55, 56]));
    }

    [TestMethod]
    public void AnOrOfEqualitiesAndInListsOnTheKeyIsAPointSet()
    {
        var where = Or(new BoundBinary(BinaryOp.Eq, Col(0), Lit(9)), new BoundInList(Col(0), [Lit(3), Lit(9)], false), new BoundBinary(BinaryOp.Eq, Lit(1), Col(0)));
        var ranges = KeyRangeExtractor.Extract(where, Single);
        Assert.IsTrue(ranges.All(r => r.IsPoint));
        CollectionAssert.AreEqual(new long[] { 1, 3, 9 }, Admitted(ranges, Enumerable.Range(0, 12).Select(i => (long)i)));
    }

    [TestMethod]
    public void TheOtherConjunctsNarrowEveryBranchOfAnOr()
    {
        var where = And(new BoundBinary(BinaryOp.Lt, Col(0), Lit(12)), Or(Between(Col(0), 1, 3), Between(Col(0), 10, 20)));
        var ranges = KeyRangeExtractor.Extract(where, Single);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 10, 11 }, Admitted(ranges, Enumerable.Range(0, 25).Select(i => (long)i)));
    }

    [TestMethod]
    public void AnOrWhoseBranchesCannotMatchAdmitsNothing()
    {
        var fraction = new BoundLiteral(ObObj.FromDecimal(2.5m));
        var where = Or(new BoundBinary(BinaryOp.Eq, Col(0), fraction), new BoundInList(Col(0), [fraction, new BoundLiteral(ObObj.FromDecimal(7.5m))], false));
        Assert.AreEqual(0, KeyRangeExtractor.Extract(where, Single).Count);
    }

    [TestMethod]
    public void AnOrCoveringTheWholeKeyIsAFullScan()
    {
        var where = Or(new BoundBinary(BinaryOp.Lt, Col(0), Lit(5)), new BoundBinary(BinaryOp.Ge, Col(0), Lit(5)));
        var ranges = KeyRangeExtractor.Extract(where, Single);
        Assert.IsTrue(ranges.Single() is { Start: null, End: null });
    }

    [TestMethod]
    public void OnAnIndexKeyAnOrOfRangesBoundsTheFirstColumnAndIsNullIsOneOfTheRanges()
    {
        var where = Or(Between(Col(0), 5, 6), new BoundIsNull(Col(0), false));
        var key = KeyRangeExtractor.Analyze(where, Indexed, [0, 1]);
        Assert.AreEqual(2, key.Ranges.Count);
        Assert.IsTrue(key.Bounded);
        bool Admits(ObObj k) => key.Ranges.Any(r => r.Intersect(ScanRange.Point(RowKeyCodec.Encode([k, ObObj.FromInt(1)], Indexed))) is not null);
        Assert.IsTrue(Admits(ObObj.Null));
        Assert.IsTrue(Admits(ObObj.FromInt(5)));
        Assert.IsTrue(Admits(ObObj.FromInt(6)));
        Assert.IsFalse(Admits(ObObj.FromInt(7)));
        Assert.IsFalse(Admits(ObObj.FromInt(4)));
    }

    [TestMethod]
    public void BranchesThatMergeIntoOneRangeDoNotClaimTheirColumnIsConstant()
    {
        var same = KeyRangeExtractor.Analyze(Or(new BoundBinary(BinaryOp.Eq, Col(0), Lit(4)), new BoundBinary(BinaryOp.Eq, Col(0), Lit(4))), Indexed, [0, 1]);
        Assert.AreEqual(1, same.EqualityColumns);
        // k = 4 and k = 5 are adjacent prefixes ([4, 5) and [5, 6) in key bytes): one range, k not constant in it.
        var merged = KeyRangeExtractor.Analyze(Or(new BoundBinary(BinaryOp.Eq, Col(0), Lit(4)), new BoundBinary(BinaryOp.Eq, Col(0), Lit(5))), Indexed, [0, 1]);
        Assert.AreEqual(1, merged.Ranges.Count);
        Assert.AreEqual(0, merged.EqualityColumns);
        Assert.IsTrue(merged.Bounded);
    }
}
