using System.Globalization;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class BulkInsertTests
{
    // Same shape as sysbench's prepare step: k, then c (120 chars) and pad (60 chars) digit groups.
    private static (string Sql, int Rows) SysbenchInsert(int targetBytes)
    {
        var random = new Random(42);
        var builder = new StringBuilder(targetBytes + 512);
        builder.Append("INSERT INTO sbtest1(k, c, pad) VALUES");
        int rows = 0;
        while (builder.Length < targetBytes)
        {
            builder.Append(rows == 0 ? "(" : ",(")
                .Append(random.Next(1, 1_000_000).ToString(CultureInfo.InvariantCulture))
                .Append(",'").Append(DigitGroups(random, 10)).Append("','").Append(DigitGroups(random, 5)).Append("')");
            rows++;
        }

        return (builder.ToString(), rows);
    }

    private static string DigitGroups(Random random, int groups)
    {
        var builder = new StringBuilder();
        for (int g = 0; g < groups; g++)
        {
            if (g > 0)
            {
                builder.Append('-');
            }

            for (int d = 0; d < 11; d++)
            {
                builder.Append((char)('0' + random.Next(10)));
            }
        }

        return builder.ToString();
    }

    [TestMethod]
    public void A512KiBSysbenchInsertParsesEveryRow()
    {
        var (sql, rows) = SysbenchInsert(512 * 1024);

        var insert = (InsertStatement)SqlParser.Parse(sql);

        Assert.AreEqual(rows, insert.Rows.Count);
        Assert.IsTrue(insert.Rows.All(r => r.Count == 3));
        Assert.IsInstanceOfType<Int64Literal>(insert.Rows[^1][0]);
        Assert.AreEqual(119, ((StringLiteral)insert.Rows[^1][1]).Value.Length);
    }

    [TestMethod]
    public void TensOfThousandsOfShortRowsParseWithoutQuadraticCost()
    {
        var builder = new StringBuilder("INSERT INTO t(a, b) VALUES");
        for (int i = 0; i < 50_000; i++)
        {
            builder.Append(i == 0 ? "(" : ",(").Append(i).Append(",'x')");
        }

        var insert = (InsertStatement)SqlParser.Parse(builder.ToString());

        Assert.AreEqual(50_000, insert.Rows.Count);
        Assert.AreEqual(new Int64Literal(49_999), insert.Rows[^1][0]);
    }

    // Its speed is a benchmark (`dotnet run -c Release --project tests/Benchmarks -- bdn '*Parser*'`,
    // 7.8 ms here); what a unit test can pin without a clock is that parsing allocates a small
    // multiple of the text, which a copy per token or a re-scan per row would break.
    [TestMethod]
    public void AOneMegabyteInsertParsesAllocatingLessThanTenTimesItsText()
    {
        var (sql, rows) = SysbenchInsert(1024 * 1024);
        SqlParser.Parse(sql);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var insert = (InsertStatement)SqlParser.Parse(sql);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(rows, insert.Rows.Count);
        Assert.IsTrue(allocated < 10L * sql.Length * sizeof(char), $"parsing {sql.Length * 2} bytes of text allocated {allocated} bytes");
    }
}
