using System.Buffers;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;

namespace OceanClassic.Common.Tests.MySql;

// What the server writes, the client reads back unchanged: each packet's Write and Create agree.
[TestClass]
public sealed class PayloadRoundTripTests
{
    [TestMethod]
    public void OkPacketRoundTripsWithLargeCountsAndKeepsItsInfoLengthEncoded()
    {
        var writer = new ArrayBufferWriter<byte>();
        OkPayload.Write(writer, 70_000, 1UL << 40, ServerStatus.Autocommit | ServerStatus.MoreResultsExist, 2, "Rows matched: 1");

        var ok = OkPayload.Create(writer.WrittenSpan);

        Assert.AreEqual(new OkPayload(70_000, 1UL << 40, ServerStatus.Autocommit | ServerStatus.MoreResultsExist, 2), ok);
        Assert.IsTrue(ok.MoreResults);
        var info = writer.WrittenSpan[^16..];
        Assert.AreEqual(15, info[0], "the info text carries a length prefix");
        Assert.IsTrue(info[1..].SequenceEqual("Rows matched: 1"u8));
    }

    [TestMethod]
    public void OkWrittenAsEofIsRecognisedAsTheEndOfAResultSet()
    {
        var writer = new ArrayBufferWriter<byte>();
        OkPayload.Write(writer, 0, 0, ServerStatus.InTransaction, asEof: true);

        Assert.IsTrue(EofPayload.IsEof(writer.WrittenSpan));
    }

    [TestMethod]
    public void EofPacketRoundTripsAndABareEofByteMeansNoStatus()
    {
        var writer = new ArrayBufferWriter<byte>();
        EofPayload.Write(writer, ServerStatus.Autocommit | ServerStatus.MoreResultsExist, 3);

        Assert.IsTrue(EofPayload.IsEof(writer.WrittenSpan));
        Assert.AreEqual(new EofPayload(3, ServerStatus.Autocommit | ServerStatus.MoreResultsExist), EofPayload.Create(writer.WrittenSpan));
        Assert.AreEqual(new EofPayload(0, ServerStatus.None), EofPayload.Create([0xfe]));
    }

    [TestMethod]
    public void A0xFERowWithAnEightByteLengthIsNotMistakenForEof()
    {
        byte[] row = [0xfe, 1, 0, 0, 0, 0, 0, 0, 0, (byte)'x'];

        Assert.IsFalse(EofPayload.IsEof(row));
    }

    [TestMethod]
    public void ErrorPacketRoundTripsAndABadSqlStateBecomesHY000()
    {
        var writer = new ArrayBufferWriter<byte>();
        ErrorPayload.Write(writer, 1062, "23000", "Duplicate entry 'é' for key 'PRIMARY'");
        Assert.AreEqual(new ErrorPayload(1062, "23000", "Duplicate entry 'é' for key 'PRIMARY'"), ErrorPayload.Create(writer.WrittenSpan));

        writer.ResetWrittenCount();
        ErrorPayload.Write(writer, 1105, "bad", "oops");
        Assert.AreEqual(new ErrorPayload(1105, "HY000", "oops"), ErrorPayload.Create(writer.WrittenSpan));
    }

    [TestMethod]
    public void ErrorPacketWithoutSqlStateMarkerReadsAsHY000()
    {
        byte[] payload = [0xff, 0x15, 0x04, .. "No database"u8];

        Assert.AreEqual(new ErrorPayload(1045, "HY000", "No database"), ErrorPayload.Create(payload));
    }

    [TestMethod]
    public void ColumnDefinitionRoundTrips()
    {
        var column = new ColumnDefinitionPayload("id", "t1", "test", CharacterSets.Binary, 20, MySqlColumnType.LongLong,
            ColumnFlags.NotNull | ColumnFlags.Unsigned | ColumnFlags.Number, 0);
        var writer = new ArrayBufferWriter<byte>();
        ColumnDefinitionPayload.Write(writer, column);

        var read = ColumnDefinitionPayload.Create(writer.WrittenSpan);

        Assert.AreEqual(column, read);
        Assert.IsTrue(read.Unsigned);
    }

    [TestMethod]
    public void ColumnCountRoundTripsPastTheOneBytePrefix()
    {
        var writer = new ArrayBufferWriter<byte>();
        ColumnCountPayload.Write(writer, 300);

        Assert.AreEqual(3, writer.WrittenCount);
        Assert.AreEqual(300, ColumnCountPayload.Read(writer.WrittenSpan));
    }

    [TestMethod]
    public void TextRowReadLocatesEveryValueAndMarksNulls()
    {
        var writer = new ArrayBufferWriter<byte>();
        TextRowPayload.Write(writer, ["1", null, "", new string('x', 300)]);
        var offsets = new int[4];
        var lengths = new int[4];

        TextRowPayload.Read(writer.WrittenSpan, offsets, lengths);

        CollectionAssert.AreEqual(new[] { 1, -1, 0, 300 }, lengths);
        Assert.AreEqual((byte)'1', writer.WrittenSpan[offsets[0]]);
        Assert.IsTrue(writer.WrittenSpan.Slice(offsets[3], 300).ToArray().All(b => b == (byte)'x'));
    }

    [TestMethod]
    public void HandshakeV10RoundTripsTheTwentyByteScramble()
    {
        var scramble = NativePassword.CreateScramble();
        var writer = new ArrayBufferWriter<byte>();
        HandshakeV10Payload.Write(writer, "5.7.25-OceanClassic-0.4", 42, scramble, CapabilityFlags.Protocol41 | CapabilityFlags.DeprecateEof,
            CharacterSets.Utf8GeneralCi, ServerStatus.Autocommit, NativePassword.PluginName);

        var greeting = HandshakeV10Payload.Create(writer.WrittenSpan);

        Assert.AreEqual("5.7.25-OceanClassic-0.4", greeting.ServerVersion);
        Assert.AreEqual(42u, greeting.ConnectionId);
        CollectionAssert.AreEqual(scramble, greeting.Scramble);
        Assert.AreEqual(CapabilityFlags.Protocol41 | CapabilityFlags.DeprecateEof, greeting.Capabilities);
        Assert.AreEqual(CharacterSets.Utf8GeneralCi, greeting.CharacterSet);
        Assert.AreEqual(ServerStatus.Autocommit, greeting.Status);
        Assert.AreEqual(NativePassword.PluginName, greeting.AuthPluginName);
    }

    [TestMethod]
    public void HandshakeV10WithoutTheFinalNulStillYieldsThePluginName()
    {
        var writer = new ArrayBufferWriter<byte>();
        HandshakeV10Payload.Write(writer, "5.5.8", 1, new byte[20], CapabilityFlags.Protocol41, CharacterSets.Utf8GeneralCi,
            ServerStatus.None, "mysql_old_password");

        var greeting = HandshakeV10Payload.Create(writer.WrittenSpan[..^1]);

        Assert.AreEqual("mysql_old_password", greeting.AuthPluginName);
    }

    [TestMethod]
    public void HandshakeV10FromAnOldProtocolVersionIsRejected()
    {
        Assert.ThrowsException<MySqlProtocolException>(() => HandshakeV10Payload.Create([9, 0]));
    }

    [TestMethod]
    public void HandshakeResponseRoundTripsForEachAuthEncoding()
    {
        // Without SecureConnection the token is NUL-terminated, so it must hold no 0 byte (a random
        // one does about 1 time in 13).
        byte[] token;
        do
        {
            token = NativePassword.ComputeToken(NativePassword.CreateScramble(), "secret");
        }
        while (token.Contains((byte)0));
        var common = CapabilityFlags.Protocol41 | CapabilityFlags.ConnectWithDb | CapabilityFlags.PluginAuth;
        foreach (var auth in new[] { CapabilityFlags.SecureConnection, CapabilityFlags.PluginAuthLengthEncodedClientData, CapabilityFlags.None })
        {
            var writer = new ArrayBufferWriter<byte>();
            HandshakeResponse41Payload.Write(writer, common | auth, 1 << 24, CharacterSets.Utf8Mb4GeneralCi, "root", token, "test",
                NativePassword.PluginName);

            var response = HandshakeResponse41Payload.Create(writer.WrittenSpan);

            Assert.AreEqual(common | auth, response.Capabilities);
            Assert.AreEqual(1u << 24, response.MaxPacketSize);
            Assert.AreEqual(CharacterSets.Utf8Mb4GeneralCi, response.CharacterSet);
            Assert.AreEqual("root", response.User);
            CollectionAssert.AreEqual(token, response.AuthResponse, auth.ToString());
            Assert.AreEqual("test", response.Database);
            Assert.AreEqual(NativePassword.PluginName, response.AuthPluginName);
        }
    }

    [TestMethod]
    public void AuthSwitchRequestRoundTripsWithoutTheScrambleTerminator()
    {
        var scramble = NativePassword.CreateScramble();
        var writer = new ArrayBufferWriter<byte>();
        AuthSwitchRequestPayload.Write(writer, NativePassword.PluginName, scramble);

        var request = AuthSwitchRequestPayload.Create(writer.WrittenSpan);

        Assert.AreEqual(NativePassword.PluginName, request.PluginName);
        CollectionAssert.AreEqual(scramble, request.AuthData);
    }
}
