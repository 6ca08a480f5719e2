using System.Diagnostics;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// The MergeServer's share of sysbench's reads with the data in the UpdateServer (issue 21): parse, plan,
// the MS -> UPS call's request and answer, fusing and the result rows, measured in-process over the
// in-memory cluster (which answers the increment scans from its rows, its own allocations left out).
// Every byte allocated here is paid at sysbench rates on the MergeServer's one socket thread; the
// budgets hold the allocations measured when they were set with a little room.
[TestClass]
public sealed class ReadPathCostTests
{
    private const int Rows = 1000;

    public TestContext TestContext { get; set; } = null!;

    private static async Task<(ISqlSession Session, InMemoryCluster Cluster)> SysbenchTableAsync()
    {
        var cluster = new InMemoryCluster();
        var engine = new SqlEngine(cluster, new EngineOptions { AutoIncrementBlock = 1000 });
        var session = await engine.OpenSessionAsync(new SessionInfo(1, "root", null, "127.0.0.1"), CancellationToken.None);
        var setup = new CapturingSink();
        await session.ExecuteAsync("CREATE DATABASE sbtest; USE sbtest; CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, "
            + "k INTEGER DEFAULT '0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id), KEY k_1 (k))",
            setup, CancellationToken.None);
        Assert.IsNull(setup.Failure);
        var random = new Random(7);
        for (var from = 1; from <= Rows; from += 100)
        {
            var values = Enumerable.Range(from, 100).Select(id => $"({id}, {random.Next(1, Rows)}, '{Digits(random, 10)}', '{Digits(random, 5)}')");
            await session.ExecuteAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES " + string.Join(", ", values), setup, CancellationToken.None);
            Assert.IsNull(setup.Failure);
        }
        cluster.ServeRowsAsIncrements();
        return (session, cluster);
    }

    // sysbench's c and pad values: groups of 11 digits joined by '-'.
    private static string Digits(Random random, int groups) =>
        string.Join("-", Enumerable.Range(0, groups).Select(_ => random.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string PointSelect(Random random) => $"SELECT c FROM sbtest1 WHERE id={random.Next(1, Rows)}";

    private static string RandomPoints(Random random) =>
        $"SELECT id, k, c, pad FROM sbtest1 WHERE k IN ({string.Join(", ", Enumerable.Range(0, 10).Select(_ => random.Next(1, Rows)))})";

    private static string RandomRanges(Random random) =>
        "SELECT count(k) FROM sbtest1 WHERE " + string.Join(" OR ", Enumerable.Range(0, 10).Select(_ => random.Next(1, Rows)).Select(k => $"k BETWEEN {k} AND {k + 5}"));

    // Bytes the engine allocates per statement (and CPU µs, reported only), after a warm-up.
    private async Task<long> BytesPerStatementAsync(string name, Func<Random, string> statement, int minRows)
    {
        var (session, cluster) = await SysbenchTableAsync();
        var random = new Random(11);
        var statements = Enumerable.Range(0, 200).Select(_ => statement(random)).ToArray();
        var sink = new RowCountingSink();
        for (var i = 0; i < 200; i++)
            Run(session, statements[i], sink);
        const int runs = 1000;
        var rowsBefore = sink.Rows;
        var fakeBefore = cluster.OwnAllocatedBytes;
        var clock = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
            Run(session, statements[i % statements.Length], sink);
        var engine = GC.GetAllocatedBytesForCurrentThread() - before - (cluster.OwnAllocatedBytes - fakeBefore);
        var micros = clock.Elapsed.TotalMicroseconds / runs;
        Assert.IsTrue(sink.Rows - rowsBefore >= (long)minRows * runs, $"{name}: {sink.Rows - rowsBefore} rows");
        TestContext.WriteLine($"{name}: {engine / runs} bytes and {micros:F1} µs (with the in-memory UPS) per statement");
        return engine / runs;
    }

    // Everything completes synchronously here, so the whole statement runs on this thread.
    private static void Run(ISqlSession session, string sql, IResultSink sink) =>
        Assert.IsTrue(session.ExecuteAsync(sql, sink, CancellationToken.None).IsCompletedSuccessfully, sql);

    [TestMethod]
    public async Task ASysbenchPointSelectAllocatesLessThan8Point5KBInTheEngine()
    {
        var bytes = await BytesPerStatementAsync("point select", PointSelect, minRows: 1);
        Assert.IsTrue(bytes < 8704, $"a point select allocated {bytes} bytes");
    }

    [TestMethod]
    public async Task ASysbenchRandomPointsQueryAllocatesLessThan45KBInTheEngine()
    {
        var bytes = await BytesPerStatementAsync("random points", RandomPoints, minRows: 1);
        Assert.IsTrue(bytes < 45 * 1024, $"a random points query allocated {bytes} bytes");
    }

    [TestMethod]
    public async Task ASysbenchRandomRangesQueryAllocatesLessThan45KBInTheEngine()
    {
        var bytes = await BytesPerStatementAsync("random ranges", RandomRanges, minRows: 1);
        Assert.IsTrue(bytes < 45 * 1024, $"a random ranges query allocated {bytes} bytes");
    }

    // Counts rows; formats nothing beyond what the engine hands it.
    private sealed class RowCountingSink : IResultSink, IResultSetWriter
    {
        public long Rows { get; private set; }

        public bool Binary => false;

        public void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0)
        {
        }

        public void Error(QueryError error) => Assert.Fail(error.ToString());

        public IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns) => this;

        public ValueTask WriteRow(ReadOnlySpan<string?> values)
        {
            Rows++;
            return default;
        }

        public ValueTask End() => default;
    }
}
