using System.Buffers.Binary;
using System.Text;
using OceanClassic.Common.MySql;

namespace OceanClassic.MergeServer.Tests.MySql;

[TestClass]
public sealed class SessionCommandTests
{
    private const byte ComQuit = 0x01;
    private const byte ComInitDb = 0x02;
    private const byte ComQuery = 0x03;
    private const byte ComFieldList = 0x04;
    private const byte ComPing = 0x0e;
    private const byte ComRefresh = 0x07;

    [TestMethod]
    public async Task SelectOneProducesTheClassicResultSetBytes()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "select 1");

        var packets = await ReadPacketsAsync(client, 5);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5 }, packets.Select(p => p.Sequence).ToArray());
        CollectionAssert.AreEqual(new byte[] { 0x01 }, packets[0].Payload);
        CollectionAssert.AreEqual(
            new byte[] { 3, (byte)'d', (byte)'e', (byte)'f', 0, 0, 0, 1, (byte)'1', 1, (byte)'1', 0x0c, 63, 0, 20, 0, 0, 0, 8, 0x80, 0x80, 0, 0, 0 },
            packets[1].Payload);
        CollectionAssert.AreEqual(new byte[] { 0xfe, 0, 0, 0x02, 0 }, packets[2].Payload);
        CollectionAssert.AreEqual(new byte[] { 1, (byte)'1' }, packets[3].Payload);
        CollectionAssert.AreEqual(new byte[] { 0xfe, 0, 0, 0x02, 0 }, packets[4].Payload);
    }

    [TestMethod]
    public async Task ATrailingNulAfterTheQueryTextIsIgnored()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "select 1\0");

        var packets = await ReadPacketsAsync(client, 5);
        CollectionAssert.AreEqual(new byte[] { 1, (byte)'1' }, packets[3].Payload);
    }

    // mysql_refresh(REFRESH_LOG) as mariadb-dump --flush-logs sends it: OK, and the session goes on.
    [TestMethod]
    public async Task RefreshIsAnsweredOkAndTheSessionKeepsServing()
    {
        await using var client = await LoggedInAsync();

        await client.SendAsync(0, [ComRefresh, 0x02]);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
        await client.SendCommandAsync(ComPing);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }

    [TestMethod]
    public async Task NullIsSentAsFB()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "select null");

        var packets = await ReadPacketsAsync(client, 5);
        CollectionAssert.AreEqual(new byte[] { 0xfb }, packets[3].Payload);
    }

    [TestMethod]
    public async Task DeprecateEofClientGetsOkTerminatorAndNoMetadataEof()
    {
        await using var client = new PipeClient();
        await client.LoginAsync(capabilities: PipeClient.DefaultCapabilities | CapabilityFlags.DeprecateEof);

        await client.SendCommandAsync(ComQuery, "select 1");

        var packets = await ReadPacketsAsync(client, 4);
        CollectionAssert.AreEqual(new byte[] { 1, (byte)'1' }, packets[2].Payload);
        CollectionAssert.AreEqual(new byte[] { 0xfe, 0, 0, 0x02, 0, 0, 0 }, packets[3].Payload);
    }

    [TestMethod]
    public async Task MultiStatementFlagsEveryResultButTheLastWithMoreResults()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "insert into t values (1); select 1; update t set v = 2");

        var packets = await ReadPacketsAsync(client, 7);
        var insertOk = packets[0].Payload;
        Assert.AreEqual(0x00, insertOk[0]);
        Assert.AreEqual(3, insertOk[1]);
        Assert.AreEqual(42, insertOk[2]);
        Assert.AreEqual((ushort)(ServerStatus.Autocommit | ServerStatus.MoreResultsExist), Status(insertOk, 3));
        Assert.AreEqual((ushort)(ServerStatus.Autocommit | ServerStatus.MoreResultsExist), Status(packets[5].Payload, 3));
        var updateOk = packets[6].Payload;
        Assert.AreEqual(7, updateOk[1]);
        Assert.AreEqual((ushort)ServerStatus.Autocommit, Status(updateOk, 3));
        // The info text is a length-encoded string (one length byte for short texts).
        Assert.AreEqual(updateOk.Length - 8, updateOk[7]);
        Assert.AreEqual("Rows matched: 7  Changed: 7  Warnings: 0", Encoding.ASCII.GetString(updateOk, 8, updateOk.Length - 8));
        Assert.AreEqual(7, packets[6].Sequence);
    }

    [TestMethod]
    public async Task ErrorStopsTheStatementList()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "insert into t values (1); bogus; insert into t values (2)");

        var ok = await client.ReadPayloadAsync();
        Assert.AreEqual((ushort)(ServerStatus.Autocommit | ServerStatus.MoreResultsExist), Status(ok, 3));
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1064, "42000", "You have an error in your SQL syntax near 'bogus'");
        await client.SendCommandAsync(ComPing);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }

    [TestMethod]
    public async Task TransactionStateShowsInStatusFlags()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "begin");

        var ok = await client.ReadPayloadAsync();
        Assert.AreEqual((ushort)(ServerStatus.Autocommit | ServerStatus.InTransaction), Status(ok, 3));
    }

    [TestMethod]
    public async Task ErrorMidResultSetReplacesTheTerminator()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "select failing");

        var packets = await ReadPacketsAsync(client, 6);
        SessionHandshakeTests.AssertError(packets[5].Payload, 1105, "HY000", "ChunkServer lost");
    }

    [TestMethod]
    public async Task EngineExceptionBecomesError1105AndTheConnectionStaysUsable()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuery, "throw");

        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1105, "HY000", "engine bug");
        await client.SendCommandAsync(ComPing);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }

    [TestMethod]
    public async Task LargeResultWaitsForTheClientInsteadOfBufferingEverything()
    {
        var pipeOptions = new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024);
        await using var client = new PipeClient(toClientOptions: pipeOptions);
        await client.LoginAsync();

        await client.SendCommandAsync(ComQuery, "select big 20000");
        await Task.Delay(300);

        Assert.IsTrue(client.PendingBytes() < 1024 * 1024, "the session buffered far beyond the pipe's pause threshold");
        var packets = await ReadPacketsAsync(client, 1 + 2 + 1 + 20000 + 1);
        Assert.AreEqual(0xfe, packets[^1].Payload[0]);
        Assert.AreEqual((1 + 5) + (3 + 1024), packets[^2].Payload.Length);
    }

    [TestMethod]
    public async Task PingGetsOkWithSequenceOne()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComPing);

        var reply = await client.ReadPacketAsync();
        Assert.AreEqual(1, reply!.Value.Sequence);
        Assert.AreEqual(0x00, reply.Value.Payload[0]);
    }

    [TestMethod]
    public async Task InitDbAcceptsKnownAndRejectsUnknownDatabase()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComInitDb, "test");
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
        await client.SendCommandAsync(ComInitDb, "nosuchdb");
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1049, "42000", "Unknown database 'nosuchdb'");
    }

    [TestMethod]
    public async Task FieldListGetsEof()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComFieldList, "t\0");

        CollectionAssert.AreEqual(new byte[] { 0xfe, 0, 0, 0x02, 0 }, await client.ReadPayloadAsync());
    }

    [TestMethod]
    public async Task UnknownCommandGets1047WithoutClosing()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(0x7a);
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1047, "08S01", "Unknown command");
        await client.SendCommandAsync(ComPing);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }

    [TestMethod]
    public async Task QuitClosesTheConnectionAndDisposesTheSqlSession()
    {
        await using var client = await LoggedInAsync();

        await client.SendCommandAsync(ComQuit);

        Assert.IsTrue(await client.ServerClosedAsync());
        Assert.AreEqual(1, client.Handler.DisposedSessions);
    }

    [TestMethod]
    public async Task BadSequenceIdClosesTheConnection()
    {
        await using var client = await LoggedInAsync();

        await client.SendAsync(5, [ComPing]);

        Assert.IsTrue(await client.ServerClosedAsync());
        Assert.AreEqual(1, client.Handler.DisposedSessions);
    }

    [TestMethod]
    public async Task TruncatedPayloadClosesTheConnection()
    {
        await using var client = await LoggedInAsync();

        await client.SendRawAsync([0x20, 0x00, 0x00, 0x00, ComQuery, (byte)'s'], complete: true);

        Assert.IsTrue(await client.ServerClosedAsync());
    }

    private static async Task<PipeClient> LoggedInAsync()
    {
        var client = new PipeClient();
        var reply = await client.LoginAsync();
        Assert.AreEqual(0x00, reply[0]);
        return client;
    }

    private static async Task<List<(byte Sequence, byte[] Payload)>> ReadPacketsAsync(PipeClient client, int count)
    {
        var packets = new List<(byte, byte[])>();
        for (var i = 0; i < count; i++)
        {
            packets.Add(await client.ReadPacketAsync() ?? throw new InvalidOperationException($"closed after {i} packets"));
        }

        return packets;
    }

    private static ushort Status(byte[] ok, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(ok.AsSpan(offset));
}
