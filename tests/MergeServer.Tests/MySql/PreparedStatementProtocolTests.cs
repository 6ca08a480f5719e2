using System.Buffers.Binary;
using System.Text;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;

namespace OceanClassic.MergeServer.Tests.MySql;

// COM_STMT_* bytes against the scripted engine (TestQueryHandler): "echo ? ?" returns each bound
// parameter as "Type:text", "select types" returns one row of every column type in binary form.
[TestClass]
public sealed class PreparedStatementProtocolTests
{
    private const byte ComStmtPrepare = (byte)CommandCode.StatementPrepare;
    private const byte ComStmtExecute = (byte)CommandCode.StatementExecute;
    private const byte ComStmtSendLongData = (byte)CommandCode.StatementSendLongData;
    private const byte ComStmtClose = (byte)CommandCode.StatementClose;
    private const byte ComStmtReset = (byte)CommandCode.StatementReset;
    private const byte ComStmtFetch = (byte)CommandCode.StatementFetch;
    private const byte ComPing = (byte)CommandCode.Ping;

    [TestMethod]
    public async Task PrepareAnswersIdCountsAndDefinitionsEachFollowedByEof()
    {
        await using var client = await LoggedInAsync(PipeClient.DefaultCapabilities);

        await client.SendCommandAsync(ComStmtPrepare, "echo ? ?");

        var ok = StatementPrepareOkPayload.Read(await client.ReadPayloadAsync());
        Assert.AreEqual(new StatementPrepareOkPayload(1, 2, 2, 0), ok);
        for (var definitions = 0; definitions < 2; definitions++)
        {
            for (var i = 0; i < 2; i++)
                Assert.AreNotEqual(0xfe, (await client.ReadPayloadAsync())[0]);
            Assert.IsTrue(EofPayload.IsEof(await client.ReadPayloadAsync()));
        }
        await client.SendCommandAsync(ComStmtPrepare, "echo ?");
        Assert.AreEqual(2u, StatementPrepareOkPayload.Read(await client.ReadPayloadAsync()).StatementId);
    }

    [TestMethod]
    public async Task ExecuteDecodesEveryBinaryParameterType()
    {
        await using var client = await PreparedAsync("echo ? ? ? ? ? ? ? ? ?", 9);
        ushort[] types = [(ushort)MySqlColumnType.LongLong, 0x8000 | (ushort)MySqlColumnType.Tiny, (ushort)MySqlColumnType.Double,
            (ushort)MySqlColumnType.VarString, (ushort)MySqlColumnType.Long, (ushort)MySqlColumnType.DateTime,
            (ushort)MySqlColumnType.Time, (ushort)MySqlColumnType.NewDecimal, 0x8000 | (ushort)MySqlColumnType.LongLong];
        var values = new List<byte>();
        values.AddRange(BitConverter.GetBytes(-5L));
        values.Add(200);
        values.AddRange(BitConverter.GetBytes(2.5));
        values.AddRange(LengthEncoded("it's ü"));
        // parameter 4 is NULL: no bytes
        values.AddRange([11, 0xe8, 0x07, 1, 2, 3, 4, 5, .. BitConverter.GetBytes(250)]);
        values.AddRange([8, 1, .. BitConverter.GetBytes(1), 2, 0, 1]);
        values.AddRange(LengthEncoded("-12.50"));
        values.AddRange(BitConverter.GetBytes(ulong.MaxValue));

        await client.SendAsync(0, Execute(1, nullBitmap: [0x10, 0x00], types, [.. values]));

        CollectionAssert.AreEqual(
            new[] { "Int:-5", "Int:200", "Double:2.5", "String:it's ü", null, "String:2024-01-02 03:04:05.000250", "String:-26:00:01",
                "Decimal:-12.50", "UInt:18446744073709551615" },
            ReadTextValues(await ReadRowAsync(client, 9), 9));
    }

    [TestMethod]
    public async Task ASecondExecuteReusesTheTypesBoundByTheFirst()
    {
        await using var client = await PreparedAsync("echo ?", 1);
        await client.SendAsync(0, Execute(1, [0], [(ushort)MySqlColumnType.LongLong], BitConverter.GetBytes(7L)));
        CollectionAssert.AreEqual(new[] { "Int:7" }, ReadTextValues(await ReadRowAsync(client, 1), 1));

        await client.SendAsync(0, Execute(1, [0], types: null, BitConverter.GetBytes(8L)));

        CollectionAssert.AreEqual(new[] { "Int:8" }, ReadTextValues(await ReadRowAsync(client, 1), 1));
    }

    [TestMethod]
    public async Task ResultRowsAreEncodedByColumnTypeInTheBinaryProtocol()
    {
        await using var client = await PreparedAsync("select types", 0);

        await client.SendAsync(0, Execute(1, [], null, []));

        var row = await ReadRowAsync(client, 9);
        var expected = new List<byte> { 0x00, 0x00, 0x01 }; // header; NULL bitmap: column 6 (bit 6 + 2)
        expected.AddRange(BitConverter.GetBytes(42));
        expected.AddRange(BitConverter.GetBytes(-9000000000L));
        expected.AddRange(BitConverter.GetBytes(3.5));
        expected.AddRange(LengthEncoded("12.34"));
        expected.AddRange([11, 0xe8, 0x07, 1, 2, 3, 4, 5, .. BitConverter.GetBytes(250000)]);
        expected.AddRange(LengthEncoded("héllo"));
        expected.AddRange(BitConverter.GetBytes(ulong.MaxValue));
        expected.AddRange([4, 0xe8, 0x07, 2, 29]);
        CollectionAssert.AreEqual(expected, row);
    }

    [TestMethod]
    public async Task LongDataReplacesTheParameterValueAndIsClearedAfterTheExecute()
    {
        await using var client = await PreparedAsync("echo ? ?", 2);
        await client.SendAsync(0, [ComStmtSendLongData, .. BitConverter.GetBytes(1u), .. BitConverter.GetBytes((ushort)1), .. "abc"u8]);
        await client.SendAsync(0, [ComStmtSendLongData, .. BitConverter.GetBytes(1u), .. BitConverter.GetBytes((ushort)1), .. "def"u8]);
        ushort[] types = [(ushort)MySqlColumnType.LongLong, (ushort)MySqlColumnType.Blob];

        await client.SendAsync(0, Execute(1, [0], types, BitConverter.GetBytes(1L)));
        CollectionAssert.AreEqual(new[] { "Int:1", "Binary:abcdef" }, ReadTextValues(await ReadRowAsync(client, 2), 2));

        await client.SendAsync(0, Execute(1, [0], types, [.. BitConverter.GetBytes(2L), .. LengthEncoded("inline")]));
        CollectionAssert.AreEqual(new[] { "Int:2", "Binary:inline" }, ReadTextValues(await ReadRowAsync(client, 2), 2));
    }

    [TestMethod]
    public async Task UnknownOrClosedStatementsGet1243AndTheConnectionKeepsServing()
    {
        await using var client = await PreparedAsync("echo ?", 1);

        await client.SendAsync(0, Execute(9, [1], [(ushort)MySqlColumnType.Null], []));
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1243, "HY000", "Unknown prepared statement handler (9) given to mysqld_stmt_execute");
        await client.SendAsync(0, [ComStmtClose, .. BitConverter.GetBytes(1u)]);
        await client.SendAsync(0, [ComStmtReset, .. BitConverter.GetBytes(1u)]);
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1243, "HY000", "Unknown prepared statement handler (1) given to mysqld_stmt_reset");
        await client.SendCommandAsync(ComPing);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }

    [TestMethod]
    public async Task TruncatedOrUnboundParametersGet1210AndTheConnectionKeepsServing()
    {
        await using var client = await PreparedAsync("echo ? ?", 2);

        // The second parameter's 8 bytes are missing.
        await client.SendAsync(0, Execute(1, [0], [(ushort)MySqlColumnType.LongLong, (ushort)MySqlColumnType.LongLong], BitConverter.GetBytes(1L)));
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1210, "HY000", "Incorrect arguments to mysqld_stmt_execute");
        // Types were never bound: the failed execute above bound none.
        await client.SendAsync(0, Execute(1, [0], types: null, new byte[16]));
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1210, "HY000", "Incorrect arguments to mysqld_stmt_execute");
        // A type byte that is no MySQL type.
        await client.SendAsync(0, Execute(1, [0], [0x70, 0x70], new byte[16]));
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1210, "HY000", "Incorrect arguments to mysqld_stmt_execute");
        await client.SendCommandAsync(ComPing);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }

    [TestMethod]
    public async Task FetchGets1421BecauseNoCursorIsEverOpenAndPrepareErrorsAreErrPackets()
    {
        await using var client = await PreparedAsync("echo ?", 1);

        await client.SendAsync(0, [ComStmtFetch, .. BitConverter.GetBytes(1u), .. BitConverter.GetBytes(10u)]);
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1421, "HY000", "The statement (1) has no open cursor.");
        await client.SendCommandAsync(ComStmtPrepare, "bogus");
        SessionHandshakeTests.AssertError(await client.ReadPayloadAsync(), 1064, "42000", "You have an error in your SQL syntax near 'bogus'");
    }

    // Random parameter bytes after a valid header: every execute gets a result or ERR 1210, never a
    // dropped connection, and the connection still answers afterwards.
    [TestMethod]
    public async Task RandomParameterBytesGetAResultOrError1210AndNeverCloseTheConnection()
    {
        await using var client = await PreparedAsync("echo ? ? ?", 3);
        var random = new Random(20261122);
        for (var round = 0; round < 500; round++)
        {
            var tail = new byte[random.Next(0, 48)];
            random.NextBytes(tail);
            if (tail.Length > 1 && random.Next(2) == 0)
            {
                tail[1] = 1; // new-params-bound: the types follow
                for (var i = 0; i < 3 && 2 + (2 * i) < tail.Length; i++)
                    tail[2 + (2 * i)] = (byte)random.GetItems<MySqlColumnType>(Enum.GetValues<MySqlColumnType>(), 1)[0];
            }
            await client.SendAsync(0, [ComStmtExecute, .. BitConverter.GetBytes(1u), 0, .. BitConverter.GetBytes(1u), .. tail]);

            var first = await client.ReadPayloadAsync();
            if (first[0] == 0xff)
            {
                Assert.AreEqual(1210, BinaryPrimitives.ReadUInt16LittleEndian(first.AsSpan(1)), Convert.ToHexString(tail));
                continue;
            }
            Assert.AreEqual(3, ColumnCountPayload.Read(first), Convert.ToHexString(tail));
            for (var i = 0; i < 3 + 2; i++)
                await client.ReadPayloadAsync();
        }
        await client.SendCommandAsync(ComPing);
        Assert.AreEqual(0x00, (await client.ReadPayloadAsync())[0]);
    }

    private static async Task<PipeClient> LoggedInAsync(CapabilityFlags capabilities)
    {
        var client = new PipeClient();
        Assert.AreEqual(0x00, (await client.LoginAsync(capabilities: capabilities))[0]);
        return client;
    }

    // Logged in with CLIENT_DEPRECATE_EOF, `sql` prepared as statement 1; the definitions are skipped.
    private static async Task<PipeClient> PreparedAsync(string sql, int parameters)
    {
        var client = await LoggedInAsync(PipeClient.DefaultCapabilities | CapabilityFlags.DeprecateEof);
        await client.SendCommandAsync(ComStmtPrepare, sql);
        var ok = StatementPrepareOkPayload.Read(await client.ReadPayloadAsync());
        Assert.AreEqual(parameters, ok.ParameterCount);
        for (var i = 0; i < ok.ParameterCount + ok.ColumnCount; i++)
            await client.ReadPayloadAsync();
        return client;
    }

    private static byte[] Execute(uint id, byte[] nullBitmap, ushort[]? types, byte[] values)
    {
        var packet = new List<byte> { ComStmtExecute };
        packet.AddRange(BitConverter.GetBytes(id));
        packet.Add(0);
        packet.AddRange(BitConverter.GetBytes(1u));
        packet.AddRange(nullBitmap);
        if (nullBitmap.Length > 0)
        {
            packet.Add(types is null ? (byte)0 : (byte)1);
            foreach (var type in types ?? [])
                packet.AddRange(BitConverter.GetBytes(type));
        }
        packet.AddRange(values);
        return [.. packet];
    }

    // The single binary row of an execute's result set (column count, definitions, row, OK terminator).
    private static async Task<byte[]> ReadRowAsync(PipeClient client, int columns)
    {
        var first = await client.ReadPayloadAsync();
        Assert.AreEqual(columns, ColumnCountPayload.Read(first), $"expected a result set, got {Convert.ToHexString(first)}");
        for (var i = 0; i < columns; i++)
            await client.ReadPayloadAsync();
        var row = await client.ReadPayloadAsync();
        Assert.AreEqual(0x00, row[0]);
        Assert.AreEqual(0xfe, (await client.ReadPayloadAsync())[0]);
        return row;
    }

    // A binary row whose columns are all strings (the echo statement's).
    private static string?[] ReadTextValues(byte[] row, int columns)
    {
        var bitmap = row.AsSpan(1, BinaryRowPayload.NullBitmapLength(columns));
        var reader = new PayloadReader(row.AsSpan(1 + bitmap.Length));
        var values = new string?[columns];
        for (var i = 0; i < columns; i++)
        {
            if ((bitmap[(i + 2) >> 3] & (1 << ((i + 2) & 7))) == 0)
                values[i] = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        }
        return values;
    }

    private static byte[] LengthEncoded(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [(byte)bytes.Length, .. bytes];
    }
}
