using OceanClassic.Common.MySql;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// DATETIME(n) / TIMESTAMP(n) result columns describe their precision as MariaDB does: decimals = n and
// a display length of 19, or 20 + n with a fraction; NOW(n) the same. Values show exactly n digits.
[TestClass]
public sealed class DateTimePrecisionTests
{
    [TestMethod]
    public async Task DateTimeColumnsAndNowReportTheirFractionDigitsAsDecimals()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, a DATETIME, b DATETIME(3), c TIMESTAMP(6) NULL)");
        await h.OkAsync("INSERT INTO t VALUES (1, '2024-01-02 03:04:05.5', '2024-01-02 03:04:05.98765', '2024-01-02 03:04:05')");
        var set = await h.QueryAsync("SELECT a, b, c, NOW(2) FROM t");
        CollectionAssert.AreEqual(new byte[] { 0, 3, 6, 2 }, set.Columns.Select(c => c.Decimals).ToArray());
        CollectionAssert.AreEqual(new uint[] { 19, 23, 26, 22 }, set.Columns.Select(c => c.Length).ToArray());
        Assert.AreEqual(MySqlColumnType.Timestamp, set.Columns[2].Type);
        CollectionAssert.AreEqual(new[] { "2024-01-02 03:04:05", "2024-01-02 03:04:05.987", "2024-01-02 03:04:05.000000" }, set.Rows[0][..3]);
        Assert.AreEqual(22, set.Rows[0][3]!.Length);
    }

    [TestMethod]
    public async Task APrecisionAboveSixIsTooBigPrecision()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        Assert.AreEqual(ErrorCodes.TooBigPrecision, await h.ErrorCodeAsync("CREATE TABLE t (a DATETIME(7))"));
        Assert.AreEqual(ErrorCodes.TooBigPrecision, await h.ErrorCodeAsync("CREATE TABLE t (a TIMESTAMP(7))"));
    }
}
