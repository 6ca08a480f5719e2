using System.Net.Sockets;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// The MergeServer's MySQL listener bounds, over real sockets: max_connections (the next connection
// gets error 1040 in place of the greeting), connect_timeout (a connection that never logs in is
// closed), max_allowed_packet (1153 before closing, also for an 80 MB query), and a server that keeps
// serving after each.
[TestClass]
public sealed class MySqlConnectionLimitTests
{
    private const int MaxConnections = 4;
    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions
    {
        Cs = 1,
        Settings = new Dictionary<string, string>
        {
            ["max_connections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["connect_timeout"] = "2",
            ["max_allowed_packet"] = (1 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    });

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    [TestMethod]
    [Timeout(120_000)]
    public async Task TheConnectionAfterMaxConnectionsGets1040AndAFreedSlotServesAgain()
    {
        var open = new List<Socket>();
        try
        {
            for (var i = 0; i < MaxConnections; i++)
            {
                var socket = await ConnectAsync();
                open.Add(socket);
                var (_, greeting) = await ReadPacketAsync(socket);
                Assert.AreEqual(10, greeting[0], "a greeting for connection " + (i + 1));
            }

            using (var extra = await ConnectAsync())
            {
                var (sequence, payload) = await ReadPacketAsync(extra);
                Assert.AreEqual(0, sequence);
                // MariaDB's bytes: FF, code 1040 little-endian, no SQLSTATE marker, the message.
                CollectionAssert.AreEqual((byte[])[0xFF, 0x10, 0x04, .. "Too many connections"u8.ToArray()], payload);
                Assert.AreEqual(0, await extra.ReceiveAsync(new byte[16]), "closed after the error");
            }

            open[0].Dispose();
            open.RemoveAt(0);
            await TestCluster.WaitUntilAsync(async () =>
            {
                try
                {
                    await using var connection = await Sql.OpenAsync(_cluster);
                    return Convert.ToInt64(await connection.ScalarAsync("SELECT 1"), System.Globalization.CultureInfo.InvariantCulture) == 1;
                }
                catch (ObException e) when (e.ErrorCode == 1040)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "a connection once a slot is free");
        }
        finally
        {
            foreach (var socket in open)
                socket.Dispose();
        }
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task AConnectionThatNeverLogsInIsClosedAfterConnectTimeout()
    {
        using var socket = await ConnectAsync();
        var (_, greeting) = await ReadPacketAsync(socket);
        Assert.AreEqual(10, greeting[0]);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var read = await socket.ReceiveAsync(new byte[16], SocketFlags.None, wait.Token);

        Assert.AreEqual(0, read, "the server closed the connection without a packet");
        await using var connection = await Sql.OpenAsync(_cluster);
        Assert.AreEqual(1L, Convert.ToInt64(await connection.ScalarAsync("SELECT 1"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task AnEightyMegabyteQueryGets1153AndTheServerKeepsServing()
    {
        await using (var connection = await Sql.OpenAsync(_cluster))
        {
            var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.ScalarAsync("SELECT '" + new string('x', 80_000_000) + "'"));
            Assert.AreEqual(1153, error.ErrorCode, error.Message);
            Assert.AreEqual("08S01", error.SqlState);
        }

        await using (var connection = await Sql.OpenAsync(_cluster))
        {
            var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.ScalarAsync("SELECT '" + new string('x', 2_000_000) + "'"));
            Assert.AreEqual(1153, error.ErrorCode, error.Message);
        }

        await using var fresh = await Sql.OpenAsync(_cluster);
        Assert.AreEqual((long)(1 << 20), Convert.ToInt64(await fresh.ScalarAsync("SELECT @@max_allowed_packet"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(900_000L, Convert.ToInt64(await fresh.ScalarAsync("SELECT LENGTH('" + new string('y', 900_000) + "')"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_cluster.MergeServer.Ip, _cluster.MergeServer.SqlPort);
        return socket;
    }

    private static async Task<(byte Sequence, byte[] Payload)> ReadPacketAsync(Socket socket)
    {
        var header = new byte[4];
        await ReadExactlyAsync(socket, header);
        var payload = new byte[header[0] | header[1] << 8 | header[2] << 16];
        await ReadExactlyAsync(socket, payload);
        return (header[3], payload);
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var read = 0; read < buffer.Length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0)
                throw new AssertFailedException($"closed after {read} of {buffer.Length} bytes");
            read += n;
        }
    }
}
