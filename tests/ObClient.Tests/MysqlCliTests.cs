using System.Diagnostics;
using OceanClassic.ObClient.Tests.Support;

namespace OceanClassic.ObClient.Tests;

// The stock client must work against the MergeServer endpoint.
[TestClass]
public sealed class MysqlCliTests
{
    private const string MysqlPath = "/usr/bin/mysql";

    [TestMethod]
    public async Task StockMysqlClientRunsSelectOne()
    {
        Assert.IsTrue(File.Exists(MysqlPath), $"{MysqlPath} not found: install mariadb-client (apt-get install mariadb-client) to run this test.");
        await using var server = await MySqlTestServer.StartAsync();
        var start = new ProcessStartInfo(MysqlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--protocol=tcp", "-h127.0.0.1", $"-P{server.Port}", "-uroot", $"-p{MySqlTestServer.Password}", "-e", "select 1" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.AreEqual(0, process.ExitCode, await errors);
        Assert.AreEqual("1\n1\n", await output);
    }
}
