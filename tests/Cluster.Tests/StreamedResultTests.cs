using System.Globalization;
using MySqlConnector;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient.Connector;

namespace OceanClassic.Cluster.Tests;

// Streamed results over a real cluster (issue 26 item 4), 200,000 rows of about 220 bytes on one
// ChunkServer: SELECT * sends its first row while most of the table is still unread (the ChunkServer
// killed after the first row ends the result with an ERR packet once the rows already sent are read,
// where a result built before its first byte would arrive whole), and the MergeServer's RSS stays near
// where it was; a sort past ms_sort_memory_limit fails with 1038 while a top-N and an aggregate of the
// same rows run.
[TestClass]
public sealed class StreamedResultTests
{
    private const int Rows = 200_000;
    private const int RowsPerInsert = 2_000;
    private const int PadLength = 200;

    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 1,
            Settings = new Dictionary<string, string>
            {
                ["ms_sort_memory_limit"] = (8 << 20).ToString(CultureInfo.InvariantCulture),
                ["merge_release_grace"] = "1s",
            },
        });
        await using var session = await MySqlConnectorSessions.OpenAsync(_cluster.ConnectionString());
        await ExecAsync(session, "CREATE DATABASE s");
        await ExecAsync(session, "CREATE TABLE s.big (id INT PRIMARY KEY, pad VARCHAR(255))");
        for (var first = 1; first <= Rows; first += RowsPerInsert)
        {
            var values = Enumerable.Range(first, RowsPerInsert).Select(i => $"({i}, '{i % 1000:D3}{new string('p', PadLength - 3)}')");
            await ExecAsync(session, "INSERT INTO s.big VALUES " + string.Join(",", values));
        }
        // The rows move into the ChunkServer's tablet (a tablet with an empty baseline is read from the
        // UpdateServer alone, and the test needs the ChunkServer on the read path), and the UPS releases them.
        await using var c = await Sql.OpenAsync(_cluster);
        var frozen = await DailyMergeWait.FreezeAndWaitAsync(_cluster, c, TimeSpan.FromSeconds(300));
        await TestCluster.WaitUntilAsync(async () =>
            ulong.Parse((await _cluster.StatusAsync(_cluster.Get("ups"))).Values["released_version"], CultureInfo.InvariantCulture) >= frozen,
            TimeSpan.FromSeconds(120), "the UPS released the merged rows");
    }

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    [TestMethod]
    [Timeout(600_000)]
    public async Task AFullScanSendsItsFirstRowBeforeTheScanCompletesAndAChunkServerLostMidStreamEndsItWithAnError()
    {
        var cs = _cluster.Get("cs");
        try
        {
            await using var session = await MySqlConnectorSessions.OpenAsync(_cluster.ConnectionString("s"));
            var rssBefore = RssMegabytes(_cluster.MergeServer.Pid);
            await using var select = new MySqlCommand("SELECT id, pad FROM big", session) { CommandTimeout = 300 };
            await using var reader = await select.ExecuteReaderAsync();
            Assert.IsTrue(await reader.ReadAsync());
            Assert.AreEqual(1, reader.GetInt32(0));
            var rssAtFirstRow = RssMegabytes(_cluster.MergeServer.Pid);
            cs.Kill();

            var read = 1;
            var error = await Assert.ThrowsExceptionAsync<MySqlException>(async () =>
            {
                while (await reader.ReadAsync())
                    read++;
            });

            Assert.IsTrue(read < Rows / 2, $"{read} rows of {Rows} arrived after the ChunkServer died: the result was built before its first byte");
            StringAssert.Contains(error.Message, "ChunkServer unavailable", error.Message);
            Assert.IsTrue(rssAtFirstRow - rssBefore < 64, $"MergeServer RSS {rssBefore:F0} MB before the query, {rssAtFirstRow:F0} MB at its first row");
        }
        finally
        {
            cs.Start();
            await TestCluster.WaitUntilAsync(async () =>
            {
                try
                {
                    await using var session = await MySqlConnectorSessions.OpenAsync(_cluster.ConnectionString("s"));
                    return await ScalarAsync(session, "SELECT COUNT(*) FROM big") == Rows;
                }
                catch (MySqlException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(120), "the ChunkServer serves the table again");
        }
    }

    [TestMethod]
    [Timeout(600_000)]
    public async Task ASortPastTheSortMemoryLimitFailsWith1038WhileATopNAndAnAggregateOfTheSameRowsRun()
    {
        await using var session = await MySqlConnectorSessions.OpenAsync(_cluster.ConnectionString("s"));

        var error = await Assert.ThrowsExceptionAsync<MySqlException>(() => ScalarAsync(session, "SELECT id FROM big ORDER BY pad, id"));
        Assert.AreEqual(1038, error.Number, error.Message);
        Assert.AreEqual("HY001", error.SqlState);

        Assert.AreEqual(999L, await ScalarAsync(session, "SELECT id FROM big ORDER BY pad DESC, id DESC LIMIT 1 OFFSET 199"));
        Assert.AreEqual(Rows, await ScalarAsync(session, "SELECT COUNT(*) FROM big"));
        Assert.AreEqual(1000L, await ScalarAsync(session, "SELECT COUNT(*) FROM (SELECT LEFT(pad, 3) AS g, MAX(id) FROM big GROUP BY g) AS groups"));
    }

    private static double RssMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        throw new InvalidOperationException("no VmRSS for " + pid);
    }

    private static async Task ExecAsync(MySqlConnection session, string sql)
    {
        await using var command = new MySqlCommand(sql, session) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(MySqlConnection session, string sql)
    {
        await using var command = new MySqlCommand(sql, session) { CommandTimeout = 300 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
