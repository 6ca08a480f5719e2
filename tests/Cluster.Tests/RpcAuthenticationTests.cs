using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Cluster.Tests;

// Every role's RPC port (TCP and its local Unix socket) answers only peers that prove the cluster
// secret: a stranger's well-formed frame (a ping, a freeze) gets no answer and changes nothing, while
// the roles, which hold the secret, run the cluster as before; and a role without a secret refuses to
// listen on a non-loopback address.
[TestClass]
public sealed class RpcAuthenticationTests
{
    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 1 });

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    [TestMethod]
    [Timeout(120_000)]
    [DataRow("rs", PacketCodes.RsMajorFreeze)]
    [DataRow("ups", PacketCodes.UpsMinorFreeze)]
    [DataRow("cs", PacketCodes.Status)]
    [DataRow("ms", PacketCodes.Ping)]
    public async Task AFrameWithoutTheSecretGetsNoAnswerOverTcpOrTheUnixSocketAndTheRoleServesAsBefore(string role, uint code)
    {
        var target = _cluster.Get(role);
        var ups = _cluster.Get("ups");
        var freezesBefore = (await _cluster.StatusAsync(ups)).Values["minor_freezes"];
        var frozenBefore = (await _cluster.StatusAsync(_cluster.RootServer)).Values["frozen_version"];

        using (var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await tcp.ConnectAsync(IPAddress.Loopback, target.Port);
            Assert.AreEqual(0, await SendFrameAndReadAsync(tcp, code), $"{role} answered a stranger over TCP");
        }
        Assert.IsTrue(RpcLocalSocket.TryGetEndPoint("127.0.0.1", target.Port, out var endPoint));
        using (var local = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await local.ConnectAsync(endPoint);
            Assert.AreEqual(0, await SendFrameAndReadAsync(local, code), $"{role} answered a stranger over its Unix socket");
        }

        await target.WaitForLogAsync("refused: it did not open with the RPC handshake", $"{role} logs the refusal", TimeSpan.FromSeconds(30));
        var status = await _cluster.StatusAsync(target);
        Assert.AreEqual(ServerRoleOf(role), status.Role);
        Assert.AreEqual(freezesBefore, (await _cluster.StatusAsync(ups)).Values["minor_freezes"], "no minor freeze ran");
        Assert.AreEqual(frozenBefore, (await _cluster.StatusAsync(_cluster.RootServer)).Values["frozen_version"], "no major freeze ran");
        await using var connection = await Sql.OpenAsync(_cluster);
        await connection.ExecAsync("CREATE DATABASE IF NOT EXISTS auth");
        await connection.ExecAsync("CREATE TABLE IF NOT EXISTS auth.t (id INT PRIMARY KEY)");
        await connection.ExecAsync($"REPLACE INTO auth.t VALUES ({code})");
        Assert.AreEqual((long)code, Convert.ToInt64(await connection.ScalarAsync($"SELECT id FROM auth.t WHERE id = {code}"), CultureInfo.InvariantCulture));
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task ARoleWithoutASecretRefusesToStartOnANonLoopbackAddress()
    {
        var dir = Directory.CreateTempSubdirectory("obnosecret").FullName;
        try
        {
            var psi = new ProcessStartInfo(TestCluster.Binary("rs")) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir };
            foreach (var arg in new[] { "--listen=0.0.0.0", $"--port={FreePorts.Next()}", $"--data_dir={dir}" })
                psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi)!;
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.AreEqual(2, process.ExitCode);
            StringAssert.Contains(await errors, "cluster_secret or cluster_secret_file is required to listen on 0.0.0.0");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ServerRole ServerRoleOf(string role) => role switch
    {
        "rs" => ServerRole.RootServer,
        "ups" => ServerRole.UpdateServer,
        "cs" => ServerRole.ChunkServer,
        _ => ServerRole.MergeServer,
    };

    // Sends a well-formed request frame with an empty body; the bytes that came back before the close.
    private static async Task<int> SendFrameAndReadAsync(Socket socket, uint code)
    {
        var writer = new ArrayBufferWriter<byte>();
        RpcFrameWriter.Write(writer, RpcFrameFlags.None, code, 1, new Empty(), 1 << 20);
        await socket.SendAsync(writer.WrittenMemory);
        var buffer = new byte[1024];
        var total = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                total += read;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return total;
    }
}
