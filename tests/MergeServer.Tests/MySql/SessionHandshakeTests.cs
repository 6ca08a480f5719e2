using System.Buffers.Binary;
using System.Text;
using OceanClassic.Common.MySql;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.MySql;

[TestClass]
public sealed class SessionHandshakeTests
{
    [TestMethod]
    public async Task GreetingIsHandshakeV10WithVersionCapabilitiesAndNativePlugin()
    {
        await using var client = new PipeClient(new MySqlServerOptions { ServerVersion = "5.7.99-test" });
        var greeting = await client.ReadPayloadAsync();

        Assert.AreEqual(10, greeting[0]);
        Assert.AreEqual("5.7.99-test", Encoding.ASCII.GetString(greeting, 1, 11));
        Assert.AreEqual(7u, BinaryPrimitives.ReadUInt32LittleEndian(greeting.AsSpan(13)));
        var lower = BinaryPrimitives.ReadUInt16LittleEndian(greeting.AsSpan(13 + 4 + 9));
        var upper = BinaryPrimitives.ReadUInt16LittleEndian(greeting.AsSpan(13 + 4 + 9 + 2 + 1 + 2));
        var capabilities = (CapabilityFlags)(lower | ((uint)upper << 16));
        Assert.AreEqual(MySqlSession.ServerCapabilities, capabilities);
        Assert.IsTrue(Encoding.ASCII.GetString(greeting).EndsWith("mysql_native_password\0", StringComparison.Ordinal));
        Assert.IsTrue(PipeClient.ParseScramble(greeting).All(b => b != 0));
        Assert.AreEqual(0, greeting[^23], "scramble part 2 is NUL-terminated");
    }

    [TestMethod]
    public async Task RightPasswordGetsOk()
    {
        await using var client = new PipeClient(new MySqlServerOptions { Password = "secret" });

        var reply = await client.LoginAsync(password: "secret");

        Assert.AreEqual(0x00, reply[0]);
    }

    [TestMethod]
    public async Task WrongPasswordGets1045AndTheConnectionCloses()
    {
        await using var client = new PipeClient(new MySqlServerOptions { Password = "secret" });

        var reply = await client.LoginAsync(password: "wrong");

        AssertError(reply, 1045, "28000", "Access denied for user 'root'@'10.0.0.1' (using password: YES)");
        Assert.IsTrue(await client.ServerClosedAsync());
    }

    [TestMethod]
    public async Task MissingPasswordSaysUsingPasswordNo()
    {
        await using var client = new PipeClient(new MySqlServerOptions { Password = "secret" });

        var reply = await client.LoginAsync(password: "");

        AssertError(reply, 1045, "28000", "Access denied for user 'root'@'10.0.0.1' (using password: NO)");
    }

    [TestMethod]
    public async Task UnknownUserGets1045()
    {
        await using var client = new PipeClient();

        var reply = await client.LoginAsync(user: "mallory");

        AssertError(reply, 1045, "28000", "Access denied for user 'mallory'@'10.0.0.1' (using password: NO)");
    }

    [TestMethod]
    public async Task CachingSha2ClientIsSwitchedToNativePassword()
    {
        await using var client = new PipeClient(new MySqlServerOptions { Password = "secret" });

        var reply = await client.LoginAsync(password: "secret", plugin: "caching_sha2_password");

        Assert.AreEqual(0x00, reply[0]);
    }

    [TestMethod]
    public async Task UnknownDatabaseAtConnectGets1049()
    {
        await using var client = new PipeClient();

        var reply = await client.LoginAsync(database: "nosuchdb");

        AssertError(reply, 1049, "42000", "Unknown database 'nosuchdb'");
        Assert.IsTrue(await client.ServerClosedAsync());
    }

    [TestMethod]
    public async Task KnownDatabaseAtConnectGetsOk()
    {
        await using var client = new PipeClient();

        var reply = await client.LoginAsync(database: "test");

        Assert.AreEqual(0x00, reply[0]);
    }

    [TestMethod]
    public async Task GarbageInsteadOfHandshakeResponseClosesTheConnection()
    {
        await using var client = new PipeClient();
        await client.ReadPayloadAsync();

        await client.SendAsync(1, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"));

        Assert.IsTrue(await client.ServerClosedAsync());
    }

    [TestMethod]
    public async Task ClientWithoutProtocol41IsRefused()
    {
        await using var client = new PipeClient();
        await client.ReadPayloadAsync();

        await client.SendAsync(1, PipeClient.HandshakeResponse("root", [], null, "mysql_native_password", CapabilityFlags.SecureConnection));

        Assert.IsTrue(await client.ServerClosedAsync());
    }

    public static void AssertError(byte[] payload, int code, string sqlState, string message)
    {
        Assert.AreEqual(0xff, payload[0], "expected an ERR packet");
        Assert.AreEqual(code, BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(1)));
        Assert.AreEqual("#" + sqlState, Encoding.ASCII.GetString(payload, 3, 6));
        Assert.AreEqual(message, Encoding.UTF8.GetString(payload, 9, payload.Length - 9));
    }
}
