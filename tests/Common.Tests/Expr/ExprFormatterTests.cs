using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

[TestClass]
public sealed class ExprFormatterTests
{
    [TestMethod]
    public void ExpressionsPrintAsSqlWithTheCallersColumnNames()
    {
        var e = B(BinaryOp.And,
            new BoundInList(Col(0), [L(1), L("it's")], Negated: true),
            new BoundLike(Fn("upper", Col(1)), L("A%"), null, Negated: false));
        string[] names = ["id", "name"];
        Assert.AreEqual("(id NOT IN (1, 'it''s') AND UPPER(name) LIKE 'A%')", ExprFormatter.ToSql(e, i => names[i]));
        Assert.AreEqual("CAST(#0 AS DECIMAL(65,2))", ExprFormatter.ToSql(new BoundCast(Col(0), ObType.Decimal, 2)));
    }
}
