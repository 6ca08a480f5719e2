using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class ServerLeaseTests
{
    [TestMethod]
    [Timeout(120_000)]
    public async Task EveryRoleRegistersAndAKilledChunkServerIsMarkedDeadAfterItsLease()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Settings = new Dictionary<string, string> { ["cs_lease_duration_time"] = "2s" },
        });
        var servers = await cluster.ServersAsync();
        Assert.AreEqual(6, servers.Count(s => s.Alive), "the RS itself, 1 UPS, 3 CS, 1 MS registered");
        Assert.IsTrue(servers.Single(s => s.Role == ServerRole.RootServer).IsRsPrimary);
        Assert.IsTrue(servers.Single(s => s.Role == ServerRole.UpdateServer).IsUpsMaster);

        var victim = cluster.Get("cs", 2);
        victim.Kill();
        var killedAt = DateTime.UtcNow;
        await TestCluster.WaitUntilAsync(async () =>
            (await cluster.ServersAsync()).Single(s => s.Address == victim.Address).Alive == false,
            TimeSpan.FromSeconds(15), "cs#2 marked dead");
        var waited = DateTime.UtcNow - killedAt;
        Assert.IsTrue(waited > TimeSpan.FromSeconds(1), $"marked dead after {waited}, before its lease could run out");

        var after = await cluster.ServersAsync();
        Assert.AreEqual(5, after.Count(s => s.Alive), "the other servers stay alive");
        await cluster.RootServer.WaitForLogAsync(System.Text.RegularExpressions.Regex.Escape($"{victim.Address} marked dead"), "the RS logged the death");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task SigtermStopsEveryRoleCleanly()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 1 });
        foreach (var role in cluster.Roles.Reverse())
        {
            var code = await role.StopAsync(TimeSpan.FromSeconds(15));
            Assert.AreEqual(0, code, $"{role.Role}#{role.Instance} exit code\n{role.ReadLog()}");
            StringAssert.Contains(role.ReadLog(), "stopped");
        }
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task ASecondServerOnATakenPortExitsWithOneLineNamingThePort()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 1 });
        var dir = Directory.CreateTempSubdirectory("obport").FullName;
        var rs = cluster.RootServer;
        var clash = new RoleProcess("rs", 2, TestCluster.Binary("rs"), dir, [$"--port={rs.Port}"], rs.Port);
        clash.Start();
        Assert.AreEqual(2, await clash.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        StringAssert.Contains(clash.ReadLog(), $"port {rs.Port}");
        Assert.IsTrue(rs.Running, "the first server keeps serving");
    }
}
