using System.Data;
using OceanClassic.ObClient.Errors;
using OceanClassic.ObClient.Tests.Support;

namespace OceanClassic.ObClient.Tests;

[TestClass]
public sealed class RoundTripTests
{
    private static MySqlTestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => s_server = await MySqlTestServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    [TestMethod]
    public async Task SelectOneReturnsLongOne()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select 1", connection);

        Assert.AreEqual(1L, await command.ExecuteScalarAsync());
        Assert.AreEqual("5.7.25-OceanClassic-0.4", connection.ServerVersion);
    }

    [TestMethod]
    public async Task ReaderConvertsTextValuesByColumnType()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select types", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual(42, reader.GetInt32(0));
        Assert.AreEqual(42, reader.GetValue(0));
        Assert.AreEqual(-9_000_000_000L, reader.GetInt64(1));
        Assert.AreEqual(3.5, reader.GetDouble(2));
        Assert.AreEqual(12.34m, reader.GetDecimal(3));
        Assert.AreEqual(new DateTime(2024, 1, 2, 3, 4, 5, 250), reader.GetDateTime(4));
        Assert.AreEqual("héllo", reader.GetString(5));
        Assert.IsTrue(reader.IsDBNull(6));
        Assert.AreEqual(DBNull.Value, reader.GetValue(6));
        Assert.AreEqual(ulong.MaxValue, reader.GetValue(7));
        Assert.AreEqual(new DateTime(2024, 2, 29), reader.GetValue(8));
        Assert.AreEqual(typeof(decimal), reader.GetFieldType(3));
        Assert.AreEqual("BIGINT", reader.GetDataTypeName(1));
        Assert.AreEqual(5, reader.GetOrdinal("S"));
        Assert.IsFalse(await reader.ReadAsync());
    }

    [TestMethod]
    public async Task GetStringGivesEveryValueAsTheServerWroteIt()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select types", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.IsTrue(await reader.ReadAsync());
        string[] texts = [.. new[] { 0, 1, 2, 3, 4, 5, 7, 8 }.Select(reader.GetString)];

        CollectionAssert.AreEqual(
            new[] { "42", "-9000000000", "3.5", "12.34", "2024-01-02 03:04:05.250000", "héllo", "18446744073709551615", "2024-02-29" },
            texts);
        Assert.AreEqual(2L, reader.GetBytes(0, 0, null, 0, 0));
        Assert.ThrowsException<InvalidCastException>(() => reader.GetString(6));
    }

    [TestMethod]
    public async Task NullScalarIsDBNull()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select null", connection);

        Assert.AreEqual(DBNull.Value, await command.ExecuteScalarAsync());
    }

    [TestMethod]
    public async Task InsertReportsAffectedRowsAndLastInsertId()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("insert into t values (1), (2), (3)", connection);

        Assert.AreEqual(3, await command.ExecuteNonQueryAsync());
        Assert.AreEqual(42, command.LastInsertedId);
    }

    [TestMethod]
    public async Task MultiStatementResultsAreWalkedWithNextResult()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("insert into t values (1); select rows 2; update t set v = 1; select 1", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.AreEqual(2, reader.FieldCount);
        Assert.IsTrue(reader.HasRows);
        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual("row1", reader.GetString(1));
        Assert.IsTrue(await reader.NextResultAsync());
        Assert.AreEqual("1", reader.GetName(0));
        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual(1L, reader.GetInt64(0));
        Assert.IsFalse(await reader.NextResultAsync());
        Assert.AreEqual(10, reader.RecordsAffected);
    }

    [TestMethod]
    public async Task ErrorInTheMiddleOfAStatementListSurfacesFromNextResult()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select 1; bogus; select 2", connection);
        await using var reader = await command.ExecuteReaderAsync();

        var error = await Assert.ThrowsExceptionAsync<ObException>(() => reader.NextResultAsync());
        Assert.AreEqual(1064, error.ErrorCode);
        await reader.CloseAsync();
        await connection.PingAsync();
    }

    [TestMethod]
    public async Task ServerErrorComesThroughAsObExceptionAndTheConnectionStaysUsable()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("bogus statement", connection);

        var error = await Assert.ThrowsExceptionAsync<ObException>(() => command.ExecuteNonQueryAsync());

        Assert.AreEqual(1064, error.ErrorCode);
        Assert.AreEqual("42000", error.SqlState);
        StringAssert.Contains(error.Message, "bogus statement");
        await connection.PingAsync();
        Assert.AreEqual(ConnectionState.Open, connection.State);
    }

    [TestMethod]
    public async Task ErrorWhileRowsStreamSurfacesFromReadAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select failing", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.IsTrue(await reader.ReadAsync());
        var error = await Assert.ThrowsExceptionAsync<ObException>(() => reader.ReadAsync());
        Assert.AreEqual(1105, error.ErrorCode);
    }

    [TestMethod]
    public async Task ChangeDatabaseAcceptsKnownAndRejectsUnknown()
    {
        await using var connection = await OpenAsync();

        await connection.ChangeDatabaseAsync("db");
        Assert.AreEqual("db", connection.Database);
        var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.ChangeDatabaseAsync("nosuchdb"));
        Assert.AreEqual(1049, error.ErrorCode);
    }

    [TestMethod]
    public async Task TransactionCommitsThroughTheServer()
    {
        await using var connection = await OpenAsync();

        await using var transaction = await connection.BeginTransactionAsync();
        await transaction.CommitAsync();

        Assert.AreEqual(1L, await new ObCommand("select 1", connection).ExecuteScalarAsync());
    }

    [TestMethod]
    public async Task TwoHundredRowsArriveInOrder()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select rows 200", connection);
        await using var reader = await command.ExecuteReaderAsync();

        var count = 0;
        while (await reader.ReadAsync())
        {
            count++;
            Assert.AreEqual(count, reader.GetInt64(0));
            Assert.AreEqual($"row{count}", reader.GetString(1));
        }

        Assert.AreEqual(200, count);
    }

    [TestMethod]
    public async Task TwentyMegabyteResultStreams()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select big 20000", connection);
        await using var reader = await command.ExecuteReaderAsync();

        long bytes = 0;
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            bytes += reader.GetBytes(1, 0, null, 0, 0);
        }

        Assert.AreEqual(20000, rows);
        Assert.AreEqual(20000L * 1024, bytes);
    }

    [TestMethod]
    public async Task ReaderClosedEarlyLeavesTheConnectionUsable()
    {
        await using var connection = await OpenAsync();
        await using (var reader = await new ObCommand("select rows 1000; select 1", connection).ExecuteReaderAsync())
        {
            Assert.IsTrue(await reader.ReadAsync());
        }

        Assert.AreEqual(3, await new ObCommand("insert into t values (1)", connection).ExecuteNonQueryAsync());
    }

    [TestMethod]
    public async Task ParametersAreNotSupportedYet()
    {
        await using var connection = await OpenAsync();
        await using var command = new ObCommand("select 1", connection);

        var error = Assert.ThrowsException<NotSupportedException>(() => command.Parameters);
        StringAssert.Contains(error.Message, "parameters are not supported");
    }

    private static async Task<ObConnection> OpenAsync()
    {
        var connection = new ObConnection(s_server.ConnectionString());
        await connection.OpenAsync();
        return connection;
    }
}
