using System.Buffers.Binary;
using System.Text;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Tests.Engine;

namespace OceanClassic.MergeServer.Tests.MySql;

// A session answers many commands with one result sink, and sends the column definitions of a prepared
// statement's kept plan as bytes encoded once (ResultColumnEncodings): every answer must still be the bytes
// a fresh encoding gives, whatever came before it on the connection.
[TestClass]
public sealed class RepeatedAnswerTests
{
    private const byte ComQuery = (byte)CommandCode.Query;
    private const byte ComStmtPrepare = (byte)CommandCode.StatementPrepare;
    private const byte ComStmtExecute = (byte)CommandCode.StatementExecute;

    private static async Task<PipeClient> EngineClientAsync()
    {
        var engine = new SqlEngine(new InMemoryCluster(), new EngineOptions());
        var setup = await engine.OpenSessionAsync(new SessionInfo(1, "root", null, "127.0.0.1"), CancellationToken.None);
        var sink = new CapturingSink();
        await setup.ExecuteAsync("CREATE DATABASE db; USE db; CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(20), d DOUBLE);"
            + "INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', 2.5)", sink, CancellationToken.None);
        Assert.IsNull(sink.Failure);
        var client = new PipeClient(engine: engine);
        Assert.AreEqual(0, (await client.LoginAsync(database: "db"))[0]);
        return client;
    }

    private static async Task<uint> PrepareAsync(PipeClient client, string sql, int parameters, int columns)
    {
        await client.SendCommandAsync(ComStmtPrepare, sql);
        var ok = StatementPrepareOkPayload.Read(await client.ReadPayloadAsync());
        Assert.AreEqual(columns, ok.ColumnCount);
        // Each definition list (parameters, then columns) ends with an EOF.
        for (var i = 0; i < parameters + 1 + columns + 1; i++)
            await client.ReadPayloadAsync();
        return ok.StatementId;
    }

    private static byte[] Execute(uint statement, long id)
    {
        var payload = new byte[] { ComStmtExecute, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, (byte)MySqlColumnType.LongLong, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), statement);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(14), id);
        return payload;
    }

    // A result set's packets up to and including its closing EOF (column count, definitions, EOF, rows, EOF).
    private static async Task<List<byte[]>> ReadResultSetAsync(PipeClient client)
    {
        var packets = new List<byte[]>();
        var eofs = 0;
        while (eofs < 2)
        {
            var payload = await client.ReadPayloadAsync();
            Assert.AreNotEqual(0xff, payload[0], Encoding.UTF8.GetString(payload));
            packets.Add(payload);
            if (packets.Count > 1 && EofPayload.IsEof(payload))
                eofs++;
        }
        return packets;
    }

    private static string[] ColumnNames(List<byte[]> answer) =>
        [.. answer.Skip(1).Take(answer[0][0]).Select(p => ColumnDefinitionPayload.Create(p).Name)];

    [TestMethod]
    public async Task APreparedSelectExecutedAgainAndAgainAnswersWithTheBytesOfItsFirstExecution()
    {
        await using var client = await EngineClientAsync();
        var both = await PrepareAsync(client, "SELECT id, c, d FROM t WHERE id = ?", 1, 3);
        var one = await PrepareAsync(client, "SELECT c FROM t WHERE id = ?", 1, 1);

        var firstBoth = (await ExecuteAsync(client, both, 2)).ToList();
        var firstOne = (await ExecuteAsync(client, one, 1)).ToList();
        CollectionAssert.AreEqual(new[] { "id", "c", "d" }, ColumnNames(firstBoth));
        CollectionAssert.AreEqual(new[] { "c" }, ColumnNames(firstOne));

        // Alternating, so each execution follows the other statement's answer.
        for (var round = 0; round < 4; round++)
        {
            AssertSameAnswer(firstBoth, await ExecuteAsync(client, both, 2));
            AssertSameAnswer(firstOne, await ExecuteAsync(client, one, 1));
        }
    }

    [TestMethod]
    public async Task ATextQueryAfterPreparedExecutionsDescribesItsOwnColumns()
    {
        await using var client = await EngineClientAsync();
        var one = await PrepareAsync(client, "SELECT c FROM t WHERE id = ?", 1, 1);
        for (var i = 0; i < 3; i++)
            await ExecuteAsync(client, one, 1);

        await client.SendCommandAsync(ComQuery, "SELECT d, id FROM t WHERE id = 2");
        var answer = await ReadResultSetAsync(client);

        CollectionAssert.AreEqual(new[] { "d", "id" }, ColumnNames(answer));
        CollectionAssert.AreEqual(new byte[] { 3, (byte)'2', (byte)'.', (byte)'5', 1, (byte)'2' }, answer[^2]);
    }

    [TestMethod]
    public async Task AnErrorEndingOneCommandLeavesTheNextCommandsAnswerWhole()
    {
        await using var client = await EngineClientAsync();
        var one = await PrepareAsync(client, "SELECT c FROM t WHERE id = ?", 1, 1);
        var first = await ExecuteAsync(client, one, 1);

        await client.SendCommandAsync(ComQuery, "SELECT c FROM nosuch");
        var error = await client.ReadPayloadAsync();
        Assert.AreEqual(0xff, error[0]);

        AssertSameAnswer(first, await ExecuteAsync(client, one, 1));
        await client.SendCommandAsync(ComQuery, "SELECT 1");
        Assert.AreEqual(5, (await ReadResultSetAsync(client)).Count);
    }

    private static async Task<List<byte[]>> ExecuteAsync(PipeClient client, uint statement, long id)
    {
        await client.SendAsync(0, Execute(statement, id));
        return await ReadResultSetAsync(client);
    }

    private static void AssertSameAnswer(List<byte[]> expected, List<byte[]> actual)
    {
        Assert.HasCount(expected.Count, actual);
        for (var i = 0; i < expected.Count; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"packet {i}");
    }
}
