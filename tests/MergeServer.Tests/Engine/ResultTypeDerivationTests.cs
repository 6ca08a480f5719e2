using OceanClassic.Common.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// The column definition a driver reads for an expression (type, length, decimals), as MariaDB 10.11 sends
// it for the same expression over the same table (values read from a real mariadbd's result metadata;
// MariaDB's decimals of a string result are left out).
[TestClass]
public sealed class ResultTypeDerivationTests
{
    private static async Task<EngineHarness> SourceAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE src (id INT PRIMARY KEY, i INT, ti TINYINT, bi BIGINT, u INT UNSIGNED, d DECIMAL(10,2), d2 DECIMAL(5,0), "
            + "db DOUBLE, v VARCHAR(10), c CHAR(5), dt DATE)");
        await h.OkAsync("INSERT INTO src VALUES (1, 5, 3, 9, 4, 12.34, 99, 2.25, 'abc', 'xy', '2024-01-02')");
        return h;
    }

    private static async Task AssertTypesAsync(params (string Expr, MySqlColumnType Type, uint Length, byte Decimals)[] expected)
    {
        var h = await SourceAsync();
        var failures = new List<string>();
        foreach (var (expr, type, length, decimals) in expected)
        {
            var column = (await h.QueryAsync($"SELECT {expr} FROM src")).Columns[0];
            // A string's decimals are not compared: MariaDB sends 39 for some string functions, 0 for others.
            if (column.Type != type || column.Length != length || (type != MySqlColumnType.VarString && column.Decimals != decimals))
                failures.Add($"{expr}: {column.Type}({column.Length},{column.Decimals}), MariaDB {type}({length},{decimals})");
        }
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
    }

    [TestMethod]
    public Task IntegerResultsAreIntOrBigintByTheirDigitsAsMariaDbDerivesThem() => AssertTypesAsync(
        ("1", MySqlColumnType.Long, 1, 0), ("1+1", MySqlColumnType.Long, 3, 0), ("i+1", MySqlColumnType.LongLong, 12, 0),
        ("i*2", MySqlColumnType.LongLong, 12, 0), ("i*bi", MySqlColumnType.LongLong, 30, 0), ("ti+ti", MySqlColumnType.Long, 5, 0), ("bi+1", MySqlColumnType.LongLong, 21, 0),
        ("u+1", MySqlColumnType.LongLong, 11, 0), ("-i", MySqlColumnType.LongLong, 12, 0), ("ABS(i)", MySqlColumnType.LongLong, 11, 0),
        ("MOD(i, 3)", MySqlColumnType.LongLong, 11, 0), ("i DIV 2", MySqlColumnType.LongLong, 10, 0), ("FLOOR(d)", MySqlColumnType.Long, 10, 0),
        ("IFNULL(i, 0)", MySqlColumnType.Long, 11, 0), ("CASE WHEN i > 1 THEN 1 ELSE 2 END", MySqlColumnType.Long, 2, 0),
        ("i = 1", MySqlColumnType.Long, 1, 0), ("COUNT(*)", MySqlColumnType.LongLong, 21, 0), ("LENGTH(v)", MySqlColumnType.Long, 10, 0));

    [TestMethod]
    public Task DecimalResultsCarryMariaDbsPrecisionAndScale() => AssertTypesAsync(
        ("1.5", MySqlColumnType.NewDecimal, 4, 1), ("i+1.5", MySqlColumnType.NewDecimal, 14, 1), ("d+1", MySqlColumnType.NewDecimal, 13, 2),
        ("d*d", MySqlColumnType.NewDecimal, 22, 4), ("d/3", MySqlColumnType.NewDecimal, 16, 6), ("i/3", MySqlColumnType.NewDecimal, 16, 4),
        ("1/3", MySqlColumnType.NewDecimal, 7, 4), ("SUM(i)", MySqlColumnType.NewDecimal, 33, 0), ("SUM(d)", MySqlColumnType.NewDecimal, 34, 2),
        ("AVG(i)", MySqlColumnType.NewDecimal, 16, 4), ("AVG(d)", MySqlColumnType.NewDecimal, 16, 6), ("ROUND(d, 1)", MySqlColumnType.NewDecimal, 12, 1),
        ("ROUND(d)", MySqlColumnType.NewDecimal, 10, 0), ("TRUNCATE(d, 1)", MySqlColumnType.NewDecimal, 11, 1), ("ABS(d)", MySqlColumnType.NewDecimal, 12, 2),
        ("IF(i > 1, i, d)", MySqlColumnType.NewDecimal, 14, 2), ("IF(i > 1, 1, 2.5)", MySqlColumnType.NewDecimal, 4, 1),
        ("COALESCE(i, d, 0)", MySqlColumnType.NewDecimal, 14, 2), ("CASE i WHEN 5 THEN 1.25 ELSE 100 END", MySqlColumnType.NewDecimal, 7, 2),
        ("CAST(i AS DECIMAL(8,3))", MySqlColumnType.NewDecimal, 10, 3), ("d2", MySqlColumnType.NewDecimal, 6, 0));

    [TestMethod]
    public Task DoubleResultsCarryMariaDbsDisplayDecimals() => AssertTypesAsync(
        ("ROUND(db)/3", MySqlColumnType.Double, 21, 4), ("db/3", MySqlColumnType.Double, 23, 31), ("ROUND(db, 1)", MySqlColumnType.Double, 18, 1),
        ("CEIL(db)", MySqlColumnType.Double, 17, 0), ("POWER(i, 2)", MySqlColumnType.Double, 23, 31), ("PI()", MySqlColumnType.Double, 8, 6));

    [TestMethod]
    public Task StringLengthsComeFromTheOperands() => AssertTypesAsync(
        ("'abc'", MySqlColumnType.VarString, 12, 0), ("CONCAT(v, '!')", MySqlColumnType.VarString, 44, 0), ("CONCAT(v, c)", MySqlColumnType.VarString, 60, 0),
        ("CONCAT(i, v)", MySqlColumnType.VarString, 84, 0), ("CONCAT(d)", MySqlColumnType.VarString, 48, 0), ("CONCAT(dt)", MySqlColumnType.VarString, 40, 0),
        ("UPPER(v)", MySqlColumnType.VarString, 40, 0), ("LEFT(v, 2)", MySqlColumnType.VarString, 8, 0), ("SUBSTRING(v, 2)", MySqlColumnType.VarString, 156, 0),
        ("REPEAT(v, 3)", MySqlColumnType.VarString, 120, 0), ("LPAD(v, 20, '*')", MySqlColumnType.VarString, 80, 0),
        ("REPLACE(v, 'a', 'xyz')", MySqlColumnType.VarString, 120, 0), ("IF(i > 1, 'a', 1)", MySqlColumnType.VarString, 4, 0),
        ("CASE WHEN i > 1 THEN v ELSE 'longer text' END", MySqlColumnType.VarString, 44, 0), ("CAST(i AS CHAR)", MySqlColumnType.VarString, 44, 0),
        ("HEX(v)", MySqlColumnType.VarString, 320, 0), ("MD5(v)", MySqlColumnType.VarString, 128, 0));

    // MariaDB shows ROUND(2.25e0)/3 as 0.6667 in a text result but sends the whole DOUBLE in a binary one.
    [TestMethod]
    public async Task ADoubleWithDisplayDecimalsKeepsEveryDigitWhenRowsGoOutInTheBinaryProtocol()
    {
        var h = await SourceAsync();
        Assert.AreEqual("0.6667", await h.ScalarAsync("SELECT ROUND(db)/3 FROM src"));

        var binary = new CapturingSink { Binary = true };
        await h.Session.ExecuteAsync("SELECT ROUND(db)/3 FROM src", binary, CancellationToken.None);

        Assert.IsNull(binary.Failure);
        var value = ((CapturingSink.ResultSet)binary.Results[^1]).Rows.Single()[0];
        Assert.AreEqual(2.0 / 3, double.Parse(value!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
