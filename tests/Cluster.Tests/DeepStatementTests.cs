using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// Very long and very deep statements against real processes (issue 25): each answers correctly or fails
// with MariaDB's error for a too-deep statement (1064 "memory exhausted", 1436 stack overrun), and
// afterwards the MergeServer and every ChunkServer are the same processes and still answer SELECT 1.
[TestClass]
public sealed class DeepStatementTests
{
    private const int Rows = 2000;

    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 2 });

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    private static string Chain(string separator, int count, Func<int, string> term) =>
        string.Join(separator, Enumerable.Range(0, count).Select(term));

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    [TestMethod]
    [Timeout(900_000)]
    public async Task LongAndDeepStatementsAnswerOrFailWithoutLosingAServer()
    {
        await using var c = await Sql.OpenAsync(_cluster);
        await c.ExecAsync("CREATE DATABASE deep");
        await c.ChangeDatabaseAsync("deep");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)");
        for (int start = 0; start < Rows; start += 500)
            await c.ExecAsync("INSERT INTO t VALUES " + Chain(",", 500, i => $"({N(start + i)}, {N((start + i) % 7)})"));
        var servers = _cluster.Roles.Where(r => r.Role is "ms" or "cs").Select(r => (r.Role, r.Instance, r.Pid)).ToList();

        var cases = new (string Name, string Sql, string? Answer)[]
        {
            ("50,000-term sum", "SELECT " + Chain("+", 50_000, _ => "1"), "50000"),
            ("10,000-term OR of key equalities", "SELECT COUNT(*), SUM(id) FROM t WHERE " + Chain(" OR ", 10_000, i => "id=" + N(i)), "2000|1999000"),
            ("10,000-term AND", "SELECT COUNT(*) FROM t WHERE " + Chain(" AND ", 10_000, i => "id <> " + N(i + 1)), "1"),
            ("10,000-term AND of OR pairs", "SELECT COUNT(*) FROM t WHERE " + Chain(" AND ", 10_000, i => $"(v <> {N(i % 5 + 1)} OR id < 3)"), "573"),
            ("100,000 nested parentheses", "SELECT " + new string('(', 100_000) + "1" + new string(')', 100_000), "1"),
            ("20,000 NOTs", "SELECT " + Repeat("NOT ", 20_000) + "1", "1"),
            ("20,000 NOTs as a filter", "SELECT COUNT(*) FROM t WHERE " + Repeat("NOT ", 20_001) + "(v = 0)", "1714"),
            ("5,000 nested CASEs", "SELECT " + Repeat("CASE WHEN 1 THEN ", 5000) + "1" + Repeat(" END", 5000), "1"),
            ("900 nested functions as a filter", "SELECT COUNT(*) FROM t WHERE " + Repeat("ABS(", 900) + "id" + new string(')', 900) + " >= 0", "2000"),
            ("200,000-element IN list", "SELECT COUNT(*) FROM t WHERE id IN (" + Chain(",", 200_000, N) + ")", "2000"),
            ("200,000-element IN list in the select list", "SELECT 199999 IN (" + Chain(",", 200_000, N) + ")", "1"),
        };
        foreach (var (name, sql, answer) in cases)
        {
            try
            {
                var rows = await c.RowsAsync(sql);
                Assert.AreEqual(answer, string.Join(";", rows), name);
            }
            catch (ObException e)
            {
                Assert.IsTrue(e.ErrorCode is 1064 or 1436, $"{name}: {e.ErrorCode} {e.Message}");
                Assert.AreNotEqual("10,000-term OR of key equalities", name, "the ORM-style OR chain must answer: " + e.Message);
            }

            foreach (var (role, instance, pid) in servers)
            {
                var process = _cluster.Get(role, instance);
                Assert.IsTrue(process.Running, $"{role}#{instance} died after {name}\n{_cluster.Logs()}");
                Assert.AreEqual(pid, process.Pid, $"{role}#{instance} restarted after {name}");
            }

            Assert.AreEqual("1", string.Join(";", await c.RowsAsync("SELECT 1")), $"after {name}");
        }
    }
}
