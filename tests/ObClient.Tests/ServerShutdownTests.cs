using System.Diagnostics;
using System.Data;
using OceanClassic.ObClient.Errors;
using OceanClassic.ObClient.Tests.Support;

namespace OceanClassic.ObClient.Tests;

[TestClass]
public sealed class ServerShutdownTests
{
    [TestMethod]
    public async Task StoppingTheServerClosesIdleClientsPromptlyAndTheyGetAClearError()
    {
        var server = await MySqlTestServer.StartAsync();
        await using var connection = new ObConnection(server.ConnectionString());
        await connection.OpenAsync();

        var watch = Stopwatch.StartNew();
        await server.DisposeAsync();
        watch.Stop();

        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {watch.Elapsed}");
        var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.PingAsync());
        Assert.AreEqual(ObException.ServerLost, error.ErrorCode);
        StringAssert.Contains(error.Message, "closed the connection");
        Assert.AreEqual(ConnectionState.Broken, connection.State);
    }
}
