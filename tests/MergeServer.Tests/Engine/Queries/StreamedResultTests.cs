using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine.Queries;

// Results stream: a plain scan hands its first rows to the client while the ChunkServers have most of the
// table still to send, and a client that does not take rows stops the reading; the rows an ORDER BY,
// GROUP BY or DISTINCT must hold are bounded by ms_sort_memory_limit (1038 / 1114 past it).
[TestClass]
public sealed class StreamedResultTests
{
    private const int Rows = 300;

    [TestMethod]
    [Timeout(60_000)]
    public async Task AFullScanSendsItsFirstRowWhileMostPagesAreUnreadAndAWaitingClientStopsTheReading()
    {
        var h = await TableAsync(new EngineOptions());
        h.Cluster.PageRows = 3;
        var scansBefore = h.Cluster.ScanCount;
        var sink = new GatedSink();

        var query = h.Session.ExecuteAsync("SELECT id, v FROM t", sink, CancellationToken.None).AsTask();
        await sink.FirstRow.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var scansAtFirstRow = h.Cluster.ScanCount - scansBefore;
        await Task.Yield();
        var scansWhileWaiting = h.Cluster.ScanCount - scansBefore;
        sink.Open.TrySetResult();
        await query.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsTrue(scansAtFirstRow <= 3, $"{scansAtFirstRow} pages of {Rows / 3} read before the first row went out");
        Assert.IsTrue(scansWhileWaiting <= 3, $"{scansWhileWaiting} pages read while the client took nothing");
        Assert.IsNull(sink.Failure);
        Assert.AreEqual(Rows, sink.RowCount);
        Assert.IsTrue(h.Cluster.ScanCount - scansBefore >= Rows / 3, "every page read in the end");
    }

    [TestMethod]
    public async Task AnOrderByPastTheSortMemoryLimitFailsWith1038AndAGroupOrDistinctWith1114()
    {
        var h = await TableAsync(new EngineOptions { SortMemoryLimit = 32768 });

        var failed = await h.RunAsync("SELECT id, v FROM t ORDER BY v DESC");
        Assert.AreEqual(ErrorCodes.OutOfSortMemory, failed.Failure?.Code, failed.Failure?.Message);
        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("SELECT id, COUNT(*) FROM t GROUP BY id"));
        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("SELECT DISTINCT v, id FROM t"));
        var sink = await h.RunAsync("SELECT id FROM t ORDER BY v, id");
        Assert.AreEqual("HY001", sink.Failure?.SqlState);
    }

    [TestMethod]
    public async Task WithinTheSortMemoryLimitAStreamedScanATopNFewGroupsAndFewDistinctValuesStillRun()
    {
        var h = await TableAsync(new EngineOptions { SortMemoryLimit = 32768 });

        Assert.AreEqual(Rows, (await h.RowsAsync("SELECT id, v FROM t")).Length);
        CollectionAssert.AreEqual(new[] { "300", "299", "298" }, (await h.RowsAsync("SELECT id FROM t ORDER BY id DESC LIMIT 3")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "296", "295" }, (await h.RowsAsync("SELECT id FROM t ORDER BY v DESC, id DESC LIMIT 4, 2")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "0|100", "1|100", "2|100" }, (await h.RowsAsync("SELECT id % 3 AS g, COUNT(*) FROM t GROUP BY g")).Select(r => r[0] + "|" + r[1]).ToArray());
        CollectionAssert.AreEqual(new[] { "0", "1" }, (await h.RowsAsync("SELECT DISTINCT id % 2 FROM t ORDER BY 1")).Select(r => r[0]).ToArray());
        Assert.AreEqual("300", (await h.RowsAsync("SELECT SQL_CALC_FOUND_ROWS id FROM t ORDER BY v LIMIT 2; SELECT FOUND_ROWS()"))[0][0]);
    }

    private static Task<EngineHarness> TableAsync(EngineOptions options) => EngineHarness.WithRowsAsync(options, Rows);

    // A client that takes the first row and then waits until Open is set.
    private sealed class GatedSink : IResultSink, IResultSetWriter
    {
        public TaskCompletionSource FirstRow { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int RowCount { get; private set; }

        public QueryError? Failure { get; private set; }

        public void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0)
        {
        }

        public void Error(QueryError error) => Failure = error;

        public IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns) => this;

        public ValueTask WriteRow(ReadOnlySpan<string?> values)
        {
            RowCount++;
            FirstRow.TrySetResult();
            return new ValueTask(Open.Task);
        }

        public ValueTask End() => default;
    }
}
