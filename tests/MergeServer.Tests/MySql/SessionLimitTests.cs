using System.Text;
using Microsoft.Extensions.Time.Testing;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.MySql;

// The session's bounds: max_allowed_packet (1153 before closing, the oversized packet never kept),
// the small limit on packets before login, and connect_timeout for a client that never logs in.
[TestClass]
public sealed class SessionLimitTests
{
    private const byte ComQuery = 0x03;

    [TestMethod]
    public async Task AQueryOverMaxAllowedPacketIsAnswered1153AfterItsLastByteAndTheConnectionCloses()
    {
        await using var client = new PipeClient(new MySqlServerOptions { MaxPacketBytes = 1024 });
        await client.LoginAsync();

        await client.SendCommandAsync(ComQuery, "select '" + new string('x', 4000) + "'");

        var (sequence, payload) = await client.ReadPacketAsync() ?? throw new AssertFailedException("closed without an error");
        var error = ErrorPayload.Create(payload);
        Assert.AreEqual(WireErrorCodes.NetPacketTooLarge, error.Code);
        Assert.AreEqual("08S01", error.SqlState);
        Assert.AreEqual("Got a packet bigger than 'max_allowed_packet' bytes", error.Message);
        Assert.AreEqual(1, sequence, "the error follows the client's one packet");
        Assert.IsTrue(await client.ServerClosedAsync());
    }

    // An oversized packet split in 16 MB chunks (an 80 MB query) is read to its end, none of it kept.
    [TestMethod]
    public async Task AMultiChunkPacketOverTheLimitIsSkippedWholeBeforeThe1153()
    {
        await using var client = new PipeClient(new MySqlServerOptions { MaxPacketBytes = 1024 });
        await client.LoginAsync();

        var big = new byte[PacketFramer.MaxChunk * 2 + 5];
        big.AsSpan().Fill((byte)'x');
        big[0] = ComQuery;
        await client.SendAsync(0, big);

        var (sequence, payload) = await client.ReadPacketAsync() ?? throw new AssertFailedException("closed without an error");
        Assert.AreEqual(WireErrorCodes.NetPacketTooLarge, ErrorPayload.Create(payload).Code);
        Assert.AreEqual(3, sequence, "three chunks (sequence 0-2) came before the error");
        Assert.IsTrue(await client.ServerClosedAsync());
    }

    [TestMethod]
    public async Task AClientThatStopsInsideAnOversizedPacketIsClosedAfterNetReadTimeout()
    {
        await using var client = new PipeClient(new MySqlServerOptions { MaxPacketBytes = 1024, NetReadTimeout = TimeSpan.FromMilliseconds(300) });
        await client.LoginAsync();

        await client.SendRawAsync([0x00, 0x10, 0x00, 0x00, ComQuery]);

        Assert.IsNull(await client.ReadPacketAsync(), "nothing is answered to a packet that never ends");
        Assert.IsTrue(await client.ServerClosedAsync());
    }

    // A stranger cannot make the server buffer a big handshake response: the header alone is refused.
    [TestMethod]
    public async Task AHandshakeResponseOverThePreLoginLimitGets1153FromItsHeader()
    {
        await using var client = new PipeClient(new MySqlServerOptions { PreLoginPacketBytes = 16 * 1024 });
        await client.ReadPayloadAsync();

        // The first 16 MB chunk of a 60 MB handshake response; only 1 KiB of it is ever sent.
        await client.SendRawAsync([0xFF, 0xFF, 0xFF, 0x01, .. new byte[1024]]);

        var (sequence, payload) = await client.ReadPacketAsync() ?? throw new AssertFailedException("closed without an error");
        Assert.AreEqual(WireErrorCodes.NetPacketTooLarge, ErrorPayload.Create(payload).Code);
        Assert.AreEqual(2, sequence);
        Assert.IsTrue(await client.ServerClosedAsync());
        Assert.AreEqual(0, client.Handler.OpenedSessions);
    }

    [TestMethod]
    public async Task TheMaxAllowedPacketLimitAppliesOnlyAfterLogin()
    {
        await using var client = new PipeClient(new MySqlServerOptions { PreLoginPacketBytes = 1024, MaxPacketBytes = 1 << 20 });
        Assert.AreEqual(0x00, (await client.LoginAsync())[0]);

        await client.SendCommandAsync(ComQuery, "select 1" + new string(' ', 100_000));

        var reply = await client.ReadPayloadAsync();
        Assert.AreNotEqual(0xFF, reply[0], Encoding.UTF8.GetString(reply));
    }

    [TestMethod]
    public async Task AConnectionThatNeverLogsInIsClosedAfterConnectTimeout()
    {
        // An hour on the session's clock: only that clock can close the connection within the test's wait.
        var clock = new FakeTimeProvider();
        await using var client = new PipeClient(new MySqlServerOptions { ConnectTimeout = TimeSpan.FromHours(1), Time = clock });
        Assert.AreEqual(10, (await client.ReadPayloadAsync())[0], "the greeting");

        clock.Advance(TimeSpan.FromHours(1));

        Assert.IsNull(await client.ReadPacketAsync(), "closed without an error packet, as MariaDB");
        Assert.IsTrue(await client.ServerClosedAsync());
        Assert.AreEqual(0, client.Handler.OpenedSessions);
    }

    [TestMethod]
    public async Task ALoggedInConnectionOutlivesConnectTimeout()
    {
        var clock = new FakeTimeProvider();
        await using var client = new PipeClient(new MySqlServerOptions { ConnectTimeout = TimeSpan.FromHours(1), Time = clock });
        await client.LoginAsync();
        await client.SendCommandAsync(0x0e);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0], "a ping answered: the login is over");

        clock.Advance(TimeSpan.FromHours(2));
        await client.SendCommandAsync(0x0e);

        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }
}
