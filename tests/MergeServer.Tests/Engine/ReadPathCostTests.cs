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
        return Measure(name + ": {0} bytes and {1:F1} µs (with the in-memory UPS) per statement", cluster, minRows,
            (i, sink) => Run(session, statements[i % statements.Length], sink));
    }

    // run(i, sink) runs the i-th statement: 200 to warm up, then 1000 measured.
    private long Measure(string report, InMemoryCluster cluster, int minRows, Action<int, IResultSink> run)
    {
        var sink = new RowCountingSink();
        for (var i = 0; i < 200; i++)
            run(i, sink);
        const int runs = 1000;
        var rowsBefore = sink.Rows;
        var fakeBefore = cluster.OwnAllocatedBytes;
        var clock = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
            run(i, sink);
        var engine = GC.GetAllocatedBytesForCurrentThread() - before - (cluster.OwnAllocatedBytes - fakeBefore);
        var micros = clock.Elapsed.TotalMicroseconds / runs;
        Assert.IsTrue(sink.Rows - rowsBefore >= (long)minRows * runs, $"{report}: {sink.Rows - rowsBefore} rows");
        TestContext.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, report, engine / runs, micros));
        return engine / runs;
    }

    // Everything completes synchronously here, so the whole statement runs on this thread.
    private static void Run(ISqlSession session, string sql, IResultSink sink) =>
        Assert.IsTrue(session.ExecuteAsync(sql, sink, CancellationToken.None).IsCompletedSuccessfully, sql);

    // The same, as sysbench's --db-ps-mode=auto runs it: prepared once, executed with new values each time.
    private async Task<long> PreparedBytesPerStatementAsync(string name, string sql, Func<Random, ObObj[]> values, int minRows)
    {
        var (session, cluster) = await SysbenchTableAsync();
        var prepared = await session.PrepareAsync(sql, CancellationToken.None);
        Assert.IsNull(prepared.Error, prepared.Error?.Message);
        var statement = prepared.Statement!;
        var random = new Random(11);
        var parameters = Enumerable.Range(0, 200).Select(_ => values(random)).ToArray();
        return Measure(name + ", prepared: {0} bytes and {1:F1} µs (with the in-memory UPS) per execution", cluster, minRows,
            (i, sink) => Execute(session, statement, parameters[i % parameters.Length], sink));
    }

    private static void Execute(ISqlSession session, IPreparedStatement statement, ObObj[] parameters, IResultSink sink) =>
        Assert.IsTrue(session.ExecutePreparedAsync(statement, parameters, sink, CancellationToken.None).IsCompletedSuccessfully);

    private static ObObj[] Ints(Random random, int count, int spread = 0)
    {
        var values = new ObObj[count];
        for (var i = 0; i < count; i++)
            values[i] = ObObj.FromInt(spread > 0 && i % 2 == 1 ? values[i - 1].Int + spread : random.Next(1, Rows));
        return values;
    }

    private const string PreparedRandomPoints = "SELECT id, k, c, pad FROM sbtest1 WHERE k IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static readonly string PreparedRandomRanges =
        "SELECT count(k) FROM sbtest1 WHERE " + string.Join(" OR ", Enumerable.Repeat("k BETWEEN ? AND ?", 10));

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

    [TestMethod]
    public async Task APreparedSysbenchPointSelectAllocatesLessThan6KBPerExecutionInTheEngine()
    {
        var bytes = await PreparedBytesPerStatementAsync("point select", "SELECT c FROM sbtest1 WHERE id=?", r => Ints(r, 1), minRows: 1);
        Assert.IsTrue(bytes < 6 * 1024, $"a prepared point select allocated {bytes} bytes");
    }

    [TestMethod]
    public async Task APreparedSysbenchRandomPointsQueryAllocatesLessThan40KBPerExecutionInTheEngine()
    {
        var bytes = await PreparedBytesPerStatementAsync("random points", PreparedRandomPoints, r => Ints(r, 10), minRows: 1);
        Assert.IsTrue(bytes < 40 * 1024, $"a prepared random points query allocated {bytes} bytes");
    }

    [TestMethod]
    public async Task APreparedSysbenchRandomRangesQueryAllocatesLessThan37KBPerExecutionInTheEngine()
    {
        var bytes = await PreparedBytesPerStatementAsync("random ranges", PreparedRandomRanges, r => Ints(r, 20, spread: 5), minRows: 1);
        Assert.IsTrue(bytes < 37 * 1024, $"a prepared random ranges query allocated {bytes} bytes");
    }

    [TestMethod]
    public async Task APreparedSysbenchOrderedRangeOfAHundredRowsAllocatesLessThan50KBPerExecutionInTheEngine()
    {
        var bytes = await PreparedBytesPerStatementAsync("ordered range", "SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c",
            r => Ints(r, 2, spread: 99), minRows: 1);
        Assert.IsTrue(bytes < 50 * 1024, $"a prepared ordered range allocated {bytes} bytes");
    }

    // sysbench oltp_read_only's four ranges of 100 rows (id BETWEEN x AND x+99), text and prepared: before
    // session 22, 234,664 and 219,670 bytes together (an ORDER BY boxed an enumerator per comparison).
    private static readonly (string Name, string Sql)[] RangeShapes =
    [
        ("simple range", "SELECT c FROM sbtest1 WHERE id BETWEEN {0} AND {1}"),
        ("sum range", "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN {0} AND {1}"),
        ("order range", "SELECT c FROM sbtest1 WHERE id BETWEEN {0} AND {1} ORDER BY c"),
        ("distinct range", "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN {0} AND {1} ORDER BY c"),
    ];

    private static string RangeOf(string shape, Random random)
    {
        var from = random.Next(1, Rows - 99);
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, from, from + 99);
    }

    private static ObObj[] RangeBounds(Random random)
    {
        var from = random.Next(1, Rows - 99);
        return [ObObj.FromInt(from), ObObj.FromInt(from + 99)];
    }

    // All four ranges of one read_only transaction, in bytes.
    private async Task<long> RangesBytesAsync(bool prepared)
    {
        long total = 0;
        foreach (var (name, shape) in RangeShapes)
        {
            var minRows = name == "sum range" ? 1 : 100;
            total += prepared
                ? await PreparedBytesPerStatementAsync(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, "?", "?"), RangeBounds, minRows)
                : await BytesPerStatementAsync(name, r => RangeOf(shape, r), minRows);
        }
        TestContext.WriteLine($"four ranges{(prepared ? ", prepared" : "")}: {total} bytes");
        return total;
    }

    [TestMethod]
    public async Task TheFourSysbenchRangesOfAHundredRowsAllocateLessThan176KBTogetherInTheEngine()
    {
        var bytes = await RangesBytesAsync(prepared: false);
        Assert.IsTrue(bytes < 176 * 1024, $"the four ranges allocated {bytes} bytes");
    }

    [TestMethod]
    public async Task TheFourPreparedSysbenchRangesOfAHundredRowsAllocateLessThan160KBTogetherInTheEngine()
    {
        var bytes = await RangesBytesAsync(prepared: true);
        Assert.IsTrue(bytes < 160 * 1024, $"the four prepared ranges allocated {bytes} bytes");
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
