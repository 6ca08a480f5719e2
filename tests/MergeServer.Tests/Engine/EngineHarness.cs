using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// A SqlEngine over an InMemoryCluster with one open session.
public sealed class EngineHarness
{
    public EngineHarness(EngineOptions? options = null)
    {
        Cluster = new InMemoryCluster();
        options ??= new EngineOptions();
        options.AutoIncrementBlock = 10;
        Engine = new SqlEngine(Cluster, options);
        Session = Engine.OpenSessionAsync(new SessionInfo(7, "root", null, "127.0.0.1"), CancellationToken.None).AsTask().Result;
    }

    private EngineHarness(EngineHarness other, uint connectionId, string user = "root", string accountHost = "%")
    {
        Cluster = other.Cluster;
        Engine = other.Engine;
        Session = Engine.OpenSessionAsync(new SessionInfo(connectionId, user, null, "127.0.0.1", AccountHost: accountHost), CancellationToken.None)
            .AsTask().Result;
    }

    // A connection logged in as another account (no database selected).
    public EngineHarness ConnectAs(uint connectionId, string user, string accountHost = "%") => new(this, connectionId, user, accountHost);

    // Another connection to the same engine and cluster, with the same current database.
    public async Task<EngineHarness> ConnectAsync(uint connectionId)
    {
        var other = new EngineHarness(this, connectionId);
        if (((OceanClassic.MergeServer.Engine.Session.SqlSession)Session).CurrentDatabase is { } db)
            await other.OkAsync("USE " + db);
        return other;
    }

    public InMemoryCluster Cluster { get; }

    // Database s with table t (id INT PRIMARY KEY, v VARCHAR(100)) holding ids 1..rows, each v about 52
    // characters: what the streaming and memory-bound tests read.
    public static async Task<EngineHarness> WithRowsAsync(EngineOptions options, int rows)
    {
        var h = new EngineHarness(options);
        await h.OkAsync("CREATE DATABASE s");
        await h.OkAsync("USE s");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
        await h.OkAsync("INSERT INTO t VALUES " + string.Join(", ", Enumerable.Range(1, rows).Select(i => $"({i}, 'value {i:D5} {new string('x', 40)}')")));
        return h;
    }

    public SqlEngine Engine { get; }

    public ISqlSession Session { get; }

    public async Task<CapturingSink> RunAsync(string sql)
    {
        var sink = new CapturingSink();
        await Session.ExecuteAsync(sql, sink, CancellationToken.None);
        return sink;
    }

    public async Task<CapturingSink.OkResult> OkAsync(string sql)
    {
        var sink = await RunAsync(sql);
        Assert.IsNull(sink.Failure, $"{sql}: {sink.Failure}");
        return (CapturingSink.OkResult)sink.Results[^1];
    }

    public async Task<CapturingSink.ResultSet> QueryAsync(string sql)
    {
        var sink = await RunAsync(sql);
        Assert.IsNull(sink.Failure, $"{sql}: {sink.Failure}");
        var set = (CapturingSink.ResultSet)sink.Results[^1];
        Assert.IsTrue(set.Ended);
        return set;
    }

    public async Task<string?[][]> RowsAsync(string sql) => [.. (await QueryAsync(sql)).Rows];

    // The first column of the first row, or null when there is no row.
    public async Task<string?> ScalarAsync(string sql) => (await RowsAsync(sql)) is [var row, ..] ? row[0] : null;

    // sbtest1 with rows id 1..5, k = id, c = 'c<id>'.
    public static async Task<EngineHarness> SeededAsync()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (1,1,'c1',''),(2,2,'c2',''),(3,3,'c3',''),(4,4,'c4',''),(5,5,'c5','')");
        return h;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(2);
        }
    }

    public async Task<int> ErrorCodeAsync(string sql)
    {
        var sink = await RunAsync(sql);
        Assert.IsNotNull(sink.Failure, $"{sql} should fail");
        return sink.Failure.Code;
    }

    public async Task<EngineHarness> WithSysbenchTableAsync()
    {
        await OkAsync("CREATE DATABASE sbtest");
        await OkAsync("USE sbtest");
        await OkAsync("CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, " +
                      "c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id)) /*! ENGINE = innodb */");
        return this;
    }
}
