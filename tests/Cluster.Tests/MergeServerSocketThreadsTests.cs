using System.Globalization;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// Roles with two socket threads and two connections per peer (io_threads=2, rpc_connections_per_peer=2:
// RPC thread affinity, Common/Rpc/RpcPeer.cs), over real processes. The MergeServer's MySQL sessions are
// spread over both threads and each statement's reply continues on the thread that read it; many sessions
// at once must each still see their statements answered in order, with their own rows: every session
// reads back each row it has just written and counts its rows after every write.
[TestClass]
public sealed class MergeServerSocketThreadsTests
{
    private const int Sessions = 12;
    private const int RowsPerSession = 30;

    [TestMethod]
    [Timeout(300_000)]
    public async Task ManySessionsOnTwoSocketThreadsEachReadTheirOwnWritesInOrder()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 1,
            Settings = new Dictionary<string, string>
            {
                ["io_threads"] = "2",
                ["rpc_connections_per_peer"] = "2",
                ["log_sync_type"] = "0",
            },
        });
        Assert.AreEqual(2, SocketThreads(cluster.MergeServer.Pid), "socket threads of the MergeServer");
        await using (var setup = await Sql.OpenAsync(cluster))
        {
            await setup.ExecAsync("CREATE DATABASE t");
            await setup.ExecAsync("CREATE TABLE t.r (id INT PRIMARY KEY, session INT, v VARCHAR(40))");
        }

        var failures = await Task.WhenAll(Enumerable.Range(1, Sessions).Select(s => Task.Run(() => RunSessionAsync(cluster, s))));

        Assert.AreEqual("", string.Join("\n", failures.Where(f => f.Length > 0)));
        await using var check = await Sql.OpenAsync(cluster);
        Assert.AreEqual((long)Sessions * RowsPerSession, Convert.ToInt64(await check.ScalarAsync("SELECT COUNT(*) FROM t.r"), CultureInfo.InvariantCulture));
    }

    // "" when every answer was the expected one, else the first that was not.
    private static async Task<string> RunSessionAsync(TestCluster cluster, int session)
    {
        await using var c = await Sql.OpenAsync(cluster, "t");
        for (var i = 0; i < RowsPerSession; i++)
        {
            var id = session * 1000 + i;
            var value = $"s{session}-row{i}";
            await c.ExecAsync($"INSERT INTO r VALUES ({id}, {session}, '{value}')");
            var read = await c.RowsAsync($"SELECT v, session FROM r WHERE id = {id}");
            if (read.Count != 1 || read[0] != $"{value}|{session}")
                return $"session {session} row {i}: read [{string.Join(";", read)}]";
            var count = Convert.ToInt64(await c.ScalarAsync($"SELECT COUNT(*) FROM r WHERE session = {session}"), CultureInfo.InvariantCulture);
            if (count != i + 1)
                return $"session {session} after row {i}: counted {count}";
        }
        return "";
    }

    // Threads of the process named as the runtime names its socket-engine threads.
    private static int SocketThreads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").Count(t => File.ReadAllText(Path.Combine(t, "comm")).Trim() == ".NET Sockets");
}
