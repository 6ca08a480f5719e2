using OceanClassic.ChunkServer.Scan;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Tests;

// A pushed-down conjunction of integer comparisons is tested without the evaluator (IntComparisonFilter):
// for every row it answers what ExprEvaluator answers, or null (the caller then evaluates in full) when a
// tested cell is not an integer; any other filter shape is not taken.
[TestClass]
public sealed class IntComparisonFilterTests
{
    private static readonly EvalContext Context = new(new DateTime(2001, 1, 1));

    private static BoundExpr Col(int index) => new BoundColumn(index);
    private static BoundExpr Lit(long value) => new BoundLiteral(ObObj.FromInt(value));
    private static BoundExpr Cmp(BinaryOp op, BoundExpr left, BoundExpr right) => new BoundBinary(op, left, right);

    [TestMethod]
    public void EveryTakenFilterAnswersWhatTheEvaluatorAnswersForIntegerAndNullCellsAndDefersOnOthers()
    {
        long[] values = [long.MinValue, -5, -1, 0, 1, 4, 5, 6, 99, long.MaxValue];
        List<BoundExpr> filters = [];
        foreach (var op in new[] { BinaryOp.Eq, BinaryOp.Ne, BinaryOp.Lt, BinaryOp.Le, BinaryOp.Gt, BinaryOp.Ge })
        {
            foreach (var literal in new long[] { long.MinValue, 0, 5, long.MaxValue })
            {
                filters.Add(Cmp(op, Col(0), Lit(literal)));
                filters.Add(Cmp(op, Lit(literal), Col(1)));
            }
        }
        filters.Add(new BoundBetween(Col(0), Lit(-1), Lit(5), false));
        filters.Add(new BoundBetween(Col(1), Lit(6), Lit(4), false));
        filters.Add(Cmp(BinaryOp.And, new BoundBetween(Col(0), Lit(0), Lit(99), false), Cmp(BinaryOp.Ne, Col(1), Lit(5))));
        filters.Add(Cmp(BinaryOp.And, Cmp(BinaryOp.And, Cmp(BinaryOp.Ge, Col(0), Lit(1)), Cmp(BinaryOp.Lt, Lit(4), Col(0))), Cmp(BinaryOp.Eq, Col(1), Lit(6))));

        ObObj[] cells = [.. values.Select(ObObj.FromInt), ObObj.Null];
        ObObj[] others = [ObObj.FromUInt(5), ObObj.FromString("5"), ObObj.FromDouble(5.0)];
        var checkedRows = 0;
        foreach (var filter in filters)
        {
            var fast = IntComparisonFilter.TryCompile(filter, 2);
            Assert.IsNotNull(fast, $"taken: {filter}");
            foreach (var a in cells)
            {
                foreach (var b in cells)
                {
                    ObObj[] row = [a, b];
                    var expected = ExprEvaluator.IsTrue(filter, row, Context);
                    Assert.AreEqual(expected, fast.Passes(row), $"{filter} over ({a.ToText()}, {b.ToText()})");
                    checkedRows++;
                }
                foreach (var other in others)
                {
                    ObObj[] row = [other, other];
                    var answer = fast.Passes(row);
                    Assert.IsTrue(answer is null || answer == ExprEvaluator.IsTrue(filter, row, Context), $"{filter} over {other.Type}");
                }
            }
        }
        Assert.IsTrue(checkedRows > 5000);
    }

    [TestMethod]
    public void OrNotBetweenNonIntegerLiteralsAndColumnsOutsideTheRowAreNotTaken()
    {
        BoundExpr[] shapes =
        [
            Cmp(BinaryOp.Or, Cmp(BinaryOp.Eq, Col(0), Lit(1)), Cmp(BinaryOp.Eq, Col(0), Lit(2))),
            new BoundBetween(Col(0), Lit(1), Lit(2), true),
            Cmp(BinaryOp.Eq, Col(0), new BoundLiteral(ObObj.FromString("1"))),
            Cmp(BinaryOp.Eq, Col(0), new BoundLiteral(ObObj.FromUInt(1))),
            Cmp(BinaryOp.NullSafeEq, Col(0), Lit(1)),
            Cmp(BinaryOp.Eq, Col(0), Col(1)),
            Cmp(BinaryOp.Eq, Col(2), Lit(1)),
            Cmp(BinaryOp.And, Cmp(BinaryOp.Eq, Col(0), Lit(1)), new BoundIsNull(Col(1), false)),
        ];
        foreach (var shape in shapes)
            Assert.IsNull(IntComparisonFilter.TryCompile(shape, 2), shape.ToString());
    }
}
