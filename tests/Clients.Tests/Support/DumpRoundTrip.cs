using System.Text;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Clients.Tests.Support;

// Dump files through the stock tools, compared as bytes (values include 4-byte UTF-8 and binary bytes
// that are not UTF-8): loading a file with a plain `mysql db < file`, `mariadb-dump db > file`, and a
// database's snapshot as the mysql client prints it — per table its SHOW CREATE TABLE and every row
// ordered by all its columns.
public static class DumpRoundTrip
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static async Task CreateDatabaseAsync(string database) =>
        await MysqlAsync(null, $"DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database};");

    public static async Task LoadAsync(string database, string file)
    {
        var (code, _, stderr) = await ExternalTool.RunBytesAsync("mysql", SessionCluster.MySqlArgs(database), TimeSpan.FromSeconds(120), stdinFile: file);
        Assert.AreEqual(0, code, $"mysql {database} < {Path.GetFileName(file)}: {stderr}");
    }

    public static async Task<string> DumpAsync(string database, params string[] options)
    {
        var file = Path.Combine(SessionCluster.Cluster.Directory, $"{database}-{options.Length}-dump.sql");
        var (code, _, stderr) = await ExternalTool.RunBytesAsync("mariadb-dump",
            ["-h127.0.0.1", $"-P{SessionCluster.SqlPort}", "-uroot", "--protocol=tcp", $"--result-file={file}", .. options, database],
            TimeSpan.FromSeconds(120));
        Assert.AreEqual(0, code, $"mariadb-dump {string.Join(' ', options)} {database}: {stderr}");
        return file;
    }

    // Table name -> its SHOW CREATE TABLE and its rows, as the mysql client prints them (batch mode).
    public static async Task<SortedDictionary<string, (string Create, byte[] Rows)>> SnapshotAsync(string database)
    {
        var snapshot = new SortedDictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var table in Lines(await QueryAsync(database, "SHOW TABLES")))
        {
            var create = Encoding.UTF8.GetString(await QueryAsync(database, $"SHOW CREATE TABLE `{table}`"));
            var columns = Encoding.UTF8.GetString(await QueryAsync(database, $"SELECT * FROM `{table}` LIMIT 0", names: true)).Trim().Split('\t').Length;
            var order = string.Join(", ", Enumerable.Range(1, columns));
            snapshot[table] = (create, await QueryAsync(database, $"SELECT * FROM `{table}` ORDER BY {order}"));
        }
        return snapshot;
    }

    public static async Task<byte[]> QueryAsync(string database, string query, bool names = false)
    {
        string[] args = names ? ["--batch", database, "-e", query] : ["--batch", "--skip-column-names", database, "-e", query];
        var (code, stdout, stderr) = await ExternalTool.RunBytesAsync("mysql", SessionCluster.MySqlArgs(args), TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, code, $"{query}: {stderr}");
        return stdout;
    }

    public static async Task MysqlAsync(string? database, string sql)
    {
        var (code, output) = await ExternalTool.RunAsync("mysql", SessionCluster.MySqlArgs(database is null ? ["--batch"] : ["--batch", database]),
            TimeSpan.FromSeconds(60), sql);
        Assert.AreEqual(0, code, output);
    }

    private static IEnumerable<string> Lines(byte[] output) =>
        Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
