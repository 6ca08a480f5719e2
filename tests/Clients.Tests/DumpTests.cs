using System.Text;
using OceanClassic.Clients.Tests.Support;

namespace OceanClassic.Clients.Tests;

// Dumps through the stock tools. A `mariadb-dump` of an OceanClassic database restored through `mysql`
// into a second database gives an identical one: per table the same SHOW CREATE TABLE and the same rows.
// A dump written by a real MariaDB 10.11 (Fixtures/mariadb-10.11-*.sql, made by mariadb-dump from the
// fixtures kinds.sql and kinds-newer.sql; the .expected files hold MariaDB's own rows, every table in name
// order, ordered by all columns) loads with a plain `mysql db < dump.sql` and reads back the same rows.
[TestClass]
public sealed class DumpTests
{
    private static async Task<(SortedDictionary<string, (string Create, byte[] Rows)> Source, SortedDictionary<string, (string Create, byte[] Rows)> Copy)>
        RoundTripAsync(string fixture, string database, params string[] options)
    {
        await DumpRoundTrip.CreateDatabaseAsync(database);
        await DumpRoundTrip.LoadAsync(database, DumpRoundTrip.Fixture(fixture));
        var dump = await DumpRoundTrip.DumpAsync(database, options);
        await DumpRoundTrip.CreateDatabaseAsync(database + "_copy");
        await DumpRoundTrip.LoadAsync(database + "_copy", dump);
        return (await DumpRoundTrip.SnapshotAsync(database), await DumpRoundTrip.SnapshotAsync(database + "_copy"));
    }

    private static void AssertIdentical(SortedDictionary<string, (string Create, byte[] Rows)> source,
        SortedDictionary<string, (string Create, byte[] Rows)> copy, params string[] tables)
    {
        CollectionAssert.AreEqual(tables, source.Keys.ToArray(), "tables of the source");
        CollectionAssert.AreEqual(tables, copy.Keys.ToArray(), "tables of the restored copy");
        foreach (var table in tables)
        {
            Assert.AreEqual(source[table].Create, copy[table].Create, $"SHOW CREATE TABLE {table}");
            Assert.IsTrue(source[table].Rows.Length > 0, $"{table} has rows");
            CollectionAssert.AreEqual(source[table].Rows, copy[table].Rows, $"rows of {table}:\n{Encoding.UTF8.GetString(copy[table].Rows)}");
        }
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ADumpOfEveryLongStandingTypeWithDefaultsAndKeysRestoresIntoAnIdenticalDatabase()
    {
        var (source, copy) = await RoundTripAsync("kinds.sql", "dump_kinds");
        AssertIdentical(source, copy, "kinds", "tags");
    }

    // The options users commonly add: one transaction and hex-encoded binary values; a global read lock
    // and flushed logs; one INSERT per row naming its columns.
    [TestMethod]
    [Timeout(240_000)]
    [DataRow("dump_single", "--single-transaction", "--hex-blob")]
    [DataRow("dump_locked", "--lock-all-tables", "--flush-logs")]
    [DataRow("dump_rows", "--skip-extended-insert", "--complete-insert")]
    public async Task ADumpWithCommonOptionsRestoresIntoAnIdenticalDatabase(string database, string option1, string option2)
    {
        var (source, copy) = await RoundTripAsync("kinds.sql", database, option1, option2);
        AssertIdentical(source, copy, "kinds", "tags");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ARestoredDumpKeepsEveryUniqueKeyAndIndexAndEnforcesTheUniqueOnes()
    {
        var (_, copy) = await RoundTripAsync("kinds.sql", "dump_keys");
        foreach (var key in new[] { "UNIQUE KEY `uq_vc` (`vc`)", "UNIQUE KEY `uq_pair` (`bi`,`ch`)", "KEY `ix_d` (`d`)", "KEY `ix_dt_ti` (`dt`,`ti`)" })
            StringAssert.Contains(copy["kinds"].Create, key);
        StringAssert.Contains(copy["tags"].Create, "KEY `ix_weight` (`weight`)");
        var (code, output) = await Cluster.Tests.Support.ExternalTool.RunAsync("mysql",
            SessionCluster.MySqlArgs("dump_keys_copy", "-e", "INSERT INTO kinds (bi, ch) VALUES (1, 'AB')"), TimeSpan.FromSeconds(60));
        Assert.AreNotEqual(0, code, "a row equal to id 10 under uq_pair was accepted");
        StringAssert.Contains(output, "ERROR 1062", output);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ADumpOfTheNewerTypesForeignKeysAndKeylessTablesRestoresIntoAnIdenticalDatabase()
    {
        var (source, copy) = await RoundTripAsync("kinds-newer.sql", "dump_newer");
        AssertIdentical(source, copy, "events", "owners", "shapes");
    }

    // TIMESTAMPs written in another zone are instants: the dump holds them in UTC and the copy reads back the same.
    [TestMethod]
    [Timeout(180_000)]
    public async Task TimestampsWrittenInAnotherZoneDumpAsUtcAndRestoreAsTheSameInstants()
    {
        var (source, copy) = await RoundTripAsync("timestamps.sql", "dump_stamps");
        AssertIdentical(source, copy, "stamps");
        const string Utc = "1\t2024-06-01 07:00:00\t2024-06-01 07:00:00.125\t2024-06-01 12:00:00\n"
            + "2\t2024-01-01 00:00:00\t1970-01-01 00:00:01.500\t1970-01-01 05:00:01\n"
            + "3\tNULL\tNULL\tNULL\n";
        Assert.AreEqual(Utc, Encoding.UTF8.GetString(await DumpRoundTrip.QueryAsync("dump_stamps_copy", "SET time_zone = '+00:00'; SELECT * FROM stamps ORDER BY id")));
        StringAssert.Contains(Encoding.UTF8.GetString(await DumpRoundTrip.QueryAsync("dump_stamps_copy", "SET time_zone = '+00:00'; SHOW CREATE TABLE stamps")),
            "`ts` timestamp NULL DEFAULT '2024-01-01 00:00:00'");
    }

    [TestMethod]
    [Timeout(180_000)]
    public Task ADumpWrittenByMariaDbOfEveryLongStandingTypeLoadsThroughThePlainMysqlClientWithEqualRows() =>
        LoadMariaDbDumpAsync("mariadb-10.11-kinds", "maria_kinds");

    [TestMethod]
    [Timeout(180_000)]
    public Task ADumpWrittenByMariaDbOfTheNewerTypesLoadsThroughThePlainMysqlClientWithEqualRows() =>
        LoadMariaDbDumpAsync("mariadb-10.11-newer", "maria_newer");

    private static async Task LoadMariaDbDumpAsync(string fixture, string database)
    {
        await DumpRoundTrip.CreateDatabaseAsync(database);
        await DumpRoundTrip.LoadAsync(database, DumpRoundTrip.Fixture(fixture + ".sql"));
        var snapshot = await DumpRoundTrip.SnapshotAsync(database);
        var actual = snapshot.Values.SelectMany(t => t.Rows).ToArray();
        var expected = await File.ReadAllBytesAsync(DumpRoundTrip.Fixture(fixture + ".expected"));
        CollectionAssert.AreEqual(expected, actual, Encoding.UTF8.GetString(actual));
    }
}
