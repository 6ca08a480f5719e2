using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// Binary strings (BINARY, VARBINARY, BLOB, X'..' / 0x.. / b'..' / _binary'..') keep every byte end to end,
// and result columns report utf8mb4 for text and binary for binary strings.
[TestClass]
public sealed class BinaryStringTests
{
    private static readonly byte[] AllBytes = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];

    private static byte[] BytesOf(string? wireText) => LosslessUtf8.GetBytes(wireText!);

    [TestMethod]
    public async Task HexAndBitLiteralsAreBinaryStringsOfTheirBytes()
    {
        var h = new EngineHarness();
        var row = (await h.RowsAsync("SELECT LENGTH(X'00FF10'), LENGTH(0x00ff10), LENGTH(b'1000000001'), X'4142', 0b01000001, LENGTH(_binary'ab')"))[0];
        CollectionAssert.AreEqual(new[] { "3", "3", "2", "AB", "A", "2" }, row);
        var set = await h.QueryAsync("SELECT X'00FF10'");
        Assert.IsTrue(set.Columns[0].Binary);
        CollectionAssert.AreEqual(new byte[] { 0x00, 0xFF, 0x10 }, BytesOf(set.Rows[0][0]));
    }

    [TestMethod]
    public async Task EveryByteRoundTripsThroughBlobVarbinaryAndBinaryColumns()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (k VARBINARY(16) PRIMARY KEY, b BLOB, v VARBINARY(300), f BINARY(4))");
        var hex = Convert.ToHexString(AllBytes);
        await h.OkAsync($"INSERT INTO t VALUES (X'00FF80', X'{hex}', X'{hex}', X'FF00')");
        await h.OkAsync("INSERT INTO t VALUES (X'7F', 'text é', NULL, NULL)");

        var set = await h.QueryAsync("SELECT k, b, v, f, LENGTH(b) FROM t WHERE k = X'00FF80'");
        Assert.AreEqual(1, set.Rows.Count);
        CollectionAssert.AreEqual(new byte[] { 0x00, 0xFF, 0x80 }, BytesOf(set.Rows[0][0]));
        CollectionAssert.AreEqual(AllBytes, BytesOf(set.Rows[0][1]));
        CollectionAssert.AreEqual(AllBytes, BytesOf(set.Rows[0][2]));
        CollectionAssert.AreEqual(new byte[] { 0xFF, 0x00, 0x00, 0x00 }, BytesOf(set.Rows[0][3]));
        Assert.AreEqual("256", set.Rows[0][4]);
        Assert.IsTrue(set.Columns.Take(4).All(c => c.Binary));

        var text = await h.RowsAsync("SELECT b, LENGTH(b) FROM t WHERE k = X'7F'");
        CollectionAssert.AreEqual(new[] { "text é", "7" }, text[0]);
        Assert.AreEqual(2, (await h.RowsAsync("SELECT k FROM t ORDER BY k")).Length);
    }

    [TestMethod]
    public async Task RawBytesInAQueryStringLiteralReachABlobUnchanged()
    {
        // mariadb-dump writes binary values as string literals holding the raw bytes; the session
        // decodes the query text with LosslessUtf8, so the bytes arrive as escape characters.
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, b BLOB)");
        byte[] value = [0x80, 0xFF, (byte)'x', 0xC3, 0xA9, 0xFE];
        await h.OkAsync("INSERT INTO t VALUES (1, '" + LosslessUtf8.GetString(value) + "')");
        CollectionAssert.AreEqual(value, BytesOf((await h.RowsAsync("SELECT b FROM t"))[0][0]));
        Assert.AreEqual("6", (await h.RowsAsync("SELECT LENGTH(b) FROM t"))[0][0]);
    }

    // MariaDB strict mode: bytes that are not UTF-8 never enter a utf8mb4 column (no U+FFFD stored in
    // their place); the message shows up to 6 bytes from the first invalid one.
    [TestMethod]
    public async Task RawBytesThatAreNotUtf8InATextColumnFailWith1366AndNothingIsStored()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20), l TEXT)");

        var sink = await h.RunAsync("INSERT INTO t (id, s) VALUES (1, '" + LosslessUtf8.GetString([(byte)'a', 0xFF, 0xFE, (byte)'b']) + "')");
        Assert.AreEqual(1366, sink.Failure?.Code);
        Assert.AreEqual("HY000", sink.Failure?.SqlState);
        Assert.AreEqual("Incorrect string value: '\\xFF\\xFEb' for column 's' at row 1", sink.Failure?.Message);
        sink = await h.RunAsync("INSERT INTO t (id, l) VALUES (2, '" + LosslessUtf8.GetString([(byte)'x', 0xE2, 0x82, .. Enumerable.Repeat((byte)0xFF, 8)]) + "')");
        Assert.AreEqual("Incorrect string value: '\\xE2\\x82\\xFF\\xFF\\xFF\\xFF...' for column 'l' at row 1", sink.Failure?.Message);
        Assert.AreEqual(1366, await h.ErrorCodeAsync("INSERT INTO t (id, s) VALUES (3, X'C328')"));
        await h.OkAsync("INSERT INTO t (id, s) VALUES (4, 'ok')");
        Assert.AreEqual(1366, await h.ErrorCodeAsync("UPDATE t SET s = CONCAT(s, X'FF') WHERE id = 4"));

        CollectionAssert.AreEqual(new[] { "4|ok" }, (await h.RowsAsync("SELECT id, s FROM t")).Select(r => string.Join("|", r)).ToArray());
    }

    [TestMethod]
    public async Task InsertIgnoreStoresAQuestionMarkForEachInvalidByteWithWarning1366()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20))");

        await h.OkAsync("INSERT IGNORE INTO t VALUES (1, X'71FFFE71')");

        var warning = (await h.RowsAsync("SHOW WARNINGS"))[0];
        CollectionAssert.AreEqual(new[] { "Warning", "1366", "Incorrect string value: '\\xFF\\xFEq' for column `d`.`t`.`s` at row 1" }, warning);
        Assert.AreEqual("713F3F71", await h.ScalarAsync("SELECT HEX(s) FROM t"));
    }

    [TestMethod]
    public void TextColumnsReportUtf8Mb4AndBinaryStringsReportBinary()
    {
        var text = ResultColumnDefinition.ToPayload(new ResultColumn("c", MySqlColumnType.VarString));
        Assert.AreEqual(CharacterSets.Utf8Mb4GeneralCi, text.CharacterSet);
        var blob = ResultColumnDefinition.ToPayload(new ResultColumn("b", MySqlColumnType.Blob, Binary: true));
        Assert.AreEqual(CharacterSets.Binary, blob.CharacterSet);
        Assert.IsTrue(blob.Flags.HasFlag(ColumnFlags.Binary));
        var number = ResultColumnDefinition.ToPayload(new ResultColumn("n", MySqlColumnType.Long));
        Assert.AreEqual(CharacterSets.Binary, number.CharacterSet);
    }
}
