using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

// ROUND / TRUNCATE / FORMAT of a DOUBLE and INTERVAL fractions as MariaDB 10.11 computes and shows them
// (tests/Differential.Tests/Corpus/edges_s18.sql compares the same with a real mariadbd).
[TestClass]
public sealed class MariaDbRoundingTests
{
    [TestMethod]
    [DataRow(2.5, 0L, "2")]
    [DataRow(3.5, 0L, "4")]
    [DataRow(1.25, 1L, "1.2")]
    [DataRow(2.675, 2L, "2.68")]
    [DataRow(25.0, -1L, "20")]
    [DataRow(1.0, 2L, "1.00")]
    [DataRow(1e16, 0L, "10000000000000000")]
    [DataRow(1e16, 2L, "10000000000000000.00")]
    [DataRow(-0.04, 1L, "0.0")]
    [DataRow(0.30000000000000004, 20L, "0.30000000000000004000")]
    [DataRow(2.5, 40L, "2.5")]
    public void ADoubleRoundsHalfToEvenAfterScalingAndShowsItsPlacesInFixedNotation(double value, long places, string expected) =>
        Assert.AreEqual(expected, Text(Fn("ROUND", L(value), L(places))));

    [TestMethod]
    public void FormatRoundsADoubleOrAStringAsRoundDoesAndADecimalHalfAwayFromZero()
    {
        Assert.AreEqual("2", Text(Fn("FORMAT", L(2.5), L(0))));
        Assert.AreEqual("0.12", Text(Fn("FORMAT", L("0.125"), L(2))));
        Assert.AreEqual("3", Text(Fn("FORMAT", L(2.5m), L(0))));
        Assert.AreEqual("10,000,000,000,000,000.00", Text(Fn("FORMAT", L(1e16), L(2))));
    }

    [TestMethod]
    [DataRow("1.25", "SECOND_MICROSECOND", "2024-01-01 00:00:01.250000")]
    [DataRow("1.000025", "SECOND_MICROSECOND", "2024-01-01 00:00:01.000025")]
    [DataRow("5", "SECOND_MICROSECOND", "2024-01-01 00:00:00.500000")]
    [DataRow("1.1234567", "SECOND_MICROSECOND", "2024-01-01 00:00:01.123456")]
    [DataRow("1:1.5", "MINUTE_MICROSECOND", "2024-01-01 00:01:01.500000")]
    [DataRow("1-2", "YEAR_MONTH", "2025-03-01")]
    public void TheLastNumberOfAMicrosecondUnitIsAFractionOfASecondByItsDigits(string amount, string unit, string expected) =>
        Assert.AreEqual(expected, Text(Fn("DATE_ADD", L("2024-01-01"), L(amount), L(unit))));

    [TestMethod]
    public void ADateTimeTextMovedByASecondAmountShowsTheAmountsOwnDigits()
    {
        Assert.AreEqual("2024-01-01 00:00:01.5", Text(Fn("DATE_ADD", L("2024-01-01"), L(1.5m), L("SECOND"))));
        Assert.AreEqual("2024-01-01 00:00:01.500000", Text(Fn("DATE_ADD", L("2024-01-01"), L("1.5"), L("SECOND"))));
        Assert.AreEqual("2024-01-01 00:01:00", Text(Fn("DATE_ADD", L("2024-01-01"), L(1.25m), L("MINUTE"))));
        Assert.AreEqual(ObType.String, Eval(Fn("DATE_ADD", L("2024-01-01"), L(0), L("MICROSECOND"))).Type);
    }
}
