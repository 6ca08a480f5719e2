using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests.Support;

// Small helpers for talking SQL to a cluster through ObClient.
public static class Sql
{
    public static async Task<ObConnection> OpenAsync(TestCluster cluster, string? database = null, RoleProcess? mergeServer = null)
    {
        var connection = new ObConnection(cluster.ConnectionString(database, mergeServer ?? cluster.MergeServer));
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<int> ExecAsync(this ObConnection connection, string sql)
    {
        await using var command = new ObCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(this ObConnection connection, string sql)
    {
        await using var command = new ObCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    // All rows as text (null for SQL NULL), columns joined by '|', for compact assertions.
    public static async Task<List<string>> RowsAsync(this ObConnection connection, string sql)
    {
        await using var command = new ObCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = reader.IsDBNull(i) ? "NULL" : reader.GetString(i);
            rows.Add(string.Join("|", cells));
        }
        return rows;
    }

    // Each query's rows joined by ';', in order: a before/after fingerprint of a table.
    public static async Task<List<string>> ResultsOfAsync(this ObConnection connection, IEnumerable<string> queries)
    {
        var results = new List<string>();
        foreach (var q in queries)
            results.Add(string.Join(";", await connection.RowsAsync(q)));
        return results;
    }

    public static async Task<ObException> ErrorAsync(this ObConnection connection, string sql)
    {
        try
        {
            await connection.ExecAsync(sql);
        }
        catch (ObException e)
        {
            return e;
        }
        throw new AssertFailedException($"expected an error from: {sql}");
    }
}
