using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.Benchmarks;

// The SQL parser on a 1 MiB multi-row INSERT shaped like sysbench's prepare step (k, then c and pad
// as dash-joined 11-digit groups). The budget is 100 ms; 7.8 ms here (--job short, machine load 41). The unit test
// (BulkInsertTests) pins its allocations instead of its time.
public class ParserBench
{
    private string _sql = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var builder = new StringBuilder("INSERT INTO sbtest1(k, c, pad) VALUES");
        for (var row = 0; builder.Length < 1024 * 1024; row++)
        {
            builder.Append(row == 0 ? "(" : ",(").Append(random.Next(1, 1_000_000).ToString(CultureInfo.InvariantCulture))
                .Append(",'").Append(Digits(random, 10)).Append("','").Append(Digits(random, 5)).Append("')");
        }
        _sql = builder.ToString();
    }

    [Benchmark]
    public object ParseOneMebibyteInsert() => SqlParser.Parse(_sql);

    private static string Digits(Random random, int groups) =>
        string.Join('-', Enumerable.Range(0, groups).Select(_ => random.NextInt64(0, 100_000_000_000).ToString("D11", CultureInfo.InvariantCulture)));
}
