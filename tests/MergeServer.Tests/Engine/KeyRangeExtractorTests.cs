using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class KeyRangeExtractorTests
{
    private static readonly TableSchema Single = new(1000, "db", "t",
        [new ColumnSchema(1, "id", ColumnType.Int, Nullable: false), new ColumnSchema(2, "v", ColumnType.Int)], [0]);

    private static readonly TableSchema Composite = new(1001, "db", "c",
        [new ColumnSchema(1, "a", ColumnType.Int, Nullable: false), new ColumnSchema(2, "b", ColumnType.VarChar, 10, Nullable: false), new ColumnSchema(3, "v", ColumnType.Int)], [0, 1]);

    private static BoundExpr Col(int i) => new BoundColumn(i);

    private static BoundExpr Lit(long v) => new BoundLiteral(ObObj.FromInt(v));

    private static BoundExpr Cmp(BinaryOp op, BoundExpr l, BoundExpr r) => new BoundBinary(op, l, r);

    private static BoundExpr And(BoundExpr l, BoundExpr r) => new BoundBinary(BinaryOp.And, l, r);

    private static byte[] Key(params ObObj[] values) => RowKeyCodec.Encode(values);

    // Which of the given key values the ranges admit.
    private static long[] Admitted(IReadOnlyList<ScanRange> ranges, IEnumerable<long> candidates) =>
        [.. candidates.Where(v => ranges.Any(r => r.Intersect(ScanRange.Point(Key(ObObj.FromInt(v)))) is not null))];

    [TestMethod]
    public void EqualityOnTheKeyIsAPointGet()
    {
        var ranges = KeyRangeExtractor.Extract(Cmp(BinaryOp.Eq, Col(0), Lit(5)), Single);
        Assert.AreEqual(1, ranges.Count);
        Assert.IsTrue(ranges[0].IsPoint);
        CollectionAssert.AreEqual(Key(ObObj.FromInt(5)), ranges[0].Start);
    }

    [TestMethod]
    public void ConstantOnTheLeftWorksToo()
    {
        var ranges = KeyRangeExtractor.Extract(Cmp(BinaryOp.Gt, Lit(5), Col(0)), Single);
        CollectionAssert.AreEqual(new long[] { 3, 4 }, Admitted(ranges, [3, 4, 5, 6]));
    }

    [TestMethod]
    public void InListGivesSortedDistinctPoints()
    {
        var ranges = KeyRangeExtractor.Extract(new BoundInList(Col(0), [Lit(9), Lit(2), Lit(9)], false), Single);
        Assert.AreEqual(2, ranges.Count);
        CollectionAssert.AreEqual(new long[] { 2, 9 }, Admitted(ranges, Enumerable.Range(0, 12).Select(i => (long)i)));
    }

    [TestMethod]
    public void BetweenIsAnInclusiveRange()
    {
        var ranges = KeyRangeExtractor.Extract(new BoundBetween(Col(0), Lit(3), Lit(6), false), Single);
        CollectionAssert.AreEqual(new long[] { 3, 4, 5, 6 }, Admitted(ranges, Enumerable.Range(0, 10).Select(i => (long)i)));
    }

    [TestMethod]
    public void StrictAndInclusiveBoundsCombine()
    {
        var where = And(Cmp(BinaryOp.Gt, Col(0), Lit(2)), And(Cmp(BinaryOp.Le, Col(0), Lit(6)), Cmp(BinaryOp.Ge, Col(0), Lit(1))));
        var ranges = KeyRangeExtractor.Extract(where, Single);
        CollectionAssert.AreEqual(new long[] { 3, 4, 5, 6 }, Admitted(ranges, Enumerable.Range(-3, 14).Select(i => (long)i)));
    }

    [TestMethod]
    public void NegativeNumbersOrderBeforePositiveOnes()
    {
        var ranges = KeyRangeExtractor.Extract(Cmp(BinaryOp.Lt, Col(0), Lit(0)), Single);
        CollectionAssert.AreEqual(new long[] { -5, -1 }, Admitted(ranges, [-5, -1, 0, 1, long.MaxValue]));
    }

    [TestMethod]
    public void AFractionalConstantCannotEqualAnIntegerKey()
    {
        var ranges = KeyRangeExtractor.Extract(Cmp(BinaryOp.Eq, Col(0), new BoundLiteral(ObObj.FromDecimal(2.5m))), Single);
        Assert.AreEqual(0, ranges.Count);
    }

    [TestMethod]
    public void NonKeyPredicatesScanEverything()
    {
        var ranges = KeyRangeExtractor.Extract(Cmp(BinaryOp.Eq, Col(1), Lit(5)), Single);
        Assert.AreEqual(1, ranges.Count);
        Assert.IsNull(ranges[0].Start);
        Assert.IsNull(ranges[0].End);
    }

    [TestMethod]
    public void AnOrWithABranchOffTheKeyIsNotNarrowedSoTheFilterDecides()
    {
        var where = new BoundBinary(BinaryOp.Or, Cmp(BinaryOp.Eq, Col(0), Lit(1)), Cmp(BinaryOp.Eq, Col(1), Lit(2)));
        var ranges = KeyRangeExtractor.Extract(where, Single);
        Assert.AreEqual(1, ranges.Count);
        Assert.IsNull(ranges[0].Start);
        Assert.IsNull(ranges[0].End);
    }

    [TestMethod]
    public void ACompositeKeyPrefixCoversEveryRowWithThatPrefix()
    {
        var ranges = KeyRangeExtractor.Extract(Cmp(BinaryOp.Eq, Col(0), Lit(7)), Composite);
        Assert.AreEqual(1, ranges.Count);
        var inside = Key(ObObj.FromInt(7), ObObj.FromString("zzz"));
        var below = Key(ObObj.FromInt(6), ObObj.FromString("zzz"));
        var above = Key(ObObj.FromInt(8), ObObj.FromString(""));
        Assert.IsNotNull(ranges[0].Intersect(ScanRange.Point(inside)));
        Assert.IsNull(ranges[0].Intersect(ScanRange.Point(below)));
        Assert.IsNull(ranges[0].Intersect(ScanRange.Point(above)));
    }

    [TestMethod]
    public void AnInListRepeatingAKeyPrefixGivesDisjointRangesInKeyOrder()
    {
        var ranges = KeyRangeExtractor.Extract(new BoundInList(Col(0), [Lit(7), Lit(3), Lit(7), Lit(9), Lit(3)], false), Composite);
        Assert.AreEqual(3, ranges.Count);
        for (var i = 1; i < ranges.Count; i++)
            Assert.IsTrue(ranges[i - 1].End.AsSpan().SequenceCompareTo(ranges[i].Start) <= 0 && !ranges[i - 1].EndInclusive, $"range {i - 1} ends before range {i} starts");
        foreach (var a in new long[] { 3, 7, 9 })
        {
            var key = ScanRange.Point(Key(ObObj.FromInt(a), ObObj.FromString("x")));
            Assert.AreEqual(1, ranges.Count(r => r.Intersect(key) is not null), $"exactly one range holds a = {a}");
        }
    }

    [TestMethod]
    public void AFullCompositeKeyIsAPointAndAPrefixPlusRangeBoundsTheSecondColumn()
    {
        var point = KeyRangeExtractor.Extract(And(Cmp(BinaryOp.Eq, Col(0), Lit(1)), Cmp(BinaryOp.Eq, Col(1), new BoundLiteral(ObObj.FromString("x")))), Composite);
        Assert.IsTrue(point.Single().IsPoint);
        var range = KeyRangeExtractor.Extract(And(Cmp(BinaryOp.Eq, Col(0), Lit(1)), Cmp(BinaryOp.Gt, Col(1), new BoundLiteral(ObObj.FromString("m")))), Composite).Single();
        Assert.IsNotNull(range.Intersect(ScanRange.Point(Key(ObObj.FromInt(1), ObObj.FromString("n")))));
        Assert.IsNull(range.Intersect(ScanRange.Point(Key(ObObj.FromInt(1), ObObj.FromString("m")))));
        Assert.IsNull(range.Intersect(ScanRange.Point(Key(ObObj.FromInt(2), ObObj.FromString("a")))));
    }
}
