using System.Security.Cryptography;
using MySqlConnector;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient.Connector;

namespace OceanClassic.Cluster.Tests;

// A LONGBLOB of 16 MiB (one byte past the largest single MySQL packet, so every statement and row
// carrying it spans several packets) goes in and comes back byte for byte through MySqlConnector, once
// as a text query with the bytes escaped into it and once as a server-side prepared statement with a
// binary parameter; both are read back in the text and in the binary protocol.
[TestClass]
public sealed class LongBlobTests
{
    private const int Size = 16 << 20;

    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions());

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    [TestMethod]
    public async Task ASixteenMebibyteLongBlobRoundTripsInTheTextAndTheBinaryProtocol()
    {
        await using (var setup = await MySqlConnectorSessions.OpenAsync(_cluster.ConnectionString()))
        {
            await ExecAsync(setup, "CREATE DATABASE blobs");
            await ExecAsync(setup, "CREATE TABLE blobs.t (id INT PRIMARY KEY, b LONGBLOB)");
        }
        await using var session = await MySqlConnectorSessions.OpenAsync(_cluster.ConnectionString("blobs"));
        var textBlob = RandomNumberGenerator.GetBytes(Size);
        var preparedBlob = RandomNumberGenerator.GetBytes(Size);

        await using (var text = new MySqlCommand("INSERT INTO t VALUES (1, @b)", session))
        {
            text.Parameters.AddWithValue("@b", textBlob);
            Assert.AreEqual(1, await text.ExecuteNonQueryAsync());
        }
        await using (var prepared = new MySqlCommand("INSERT INTO t VALUES (2, @b)", session))
        {
            prepared.Parameters.Add("@b", MySqlDbType.LongBlob).Value = preparedBlob;
            await prepared.PrepareAsync();
            Assert.AreEqual(1, await prepared.ExecuteNonQueryAsync());
        }

        foreach (var prepare in new[] { false, true })
        {
            foreach (var (id, expected) in new[] { (1, textBlob), (2, preparedBlob) })
            {
                await using var select = new MySqlCommand("SELECT b, LENGTH(b) FROM t WHERE id = @id", session);
                select.Parameters.AddWithValue("@id", id);
                if (prepare)
                    await select.PrepareAsync();
                await using var reader = await select.ExecuteReaderAsync();
                Assert.IsTrue(await reader.ReadAsync(), $"row {id} (prepared: {prepare})");
                var got = (byte[])reader.GetValue(0);
                Assert.AreEqual(Size, reader.GetInt64(1), $"LENGTH of row {id} (prepared: {prepare})");
                Assert.IsTrue(expected.AsSpan().SequenceEqual(got), $"bytes of row {id} (prepared: {prepare}) differ");
            }
        }
    }

    private static async Task ExecAsync(MySqlConnection session, string sql)
    {
        await using var command = new MySqlCommand(sql, session);
        await command.ExecuteNonQueryAsync();
    }
}
