// A workload's table: created in the jepsen database and filled with its starting rows in one INSERT.
using MySqlConnector;

namespace OceanClassic.Jepsen.Workloads;

public static class WorkloadTable
{
    public static async Task CreateAsync(MySqlConnection connection, string table, string columns, IEnumerable<string> rows, CancellationToken ct)
    {
        await using (var create = WorkerContext.Command(connection, $"CREATE TABLE {table} ({columns})"))
            await create.ExecuteNonQueryAsync(ct);
        await using var insert = WorkerContext.Command(connection, $"INSERT INTO {table} VALUES {string.Join(", ", rows)}");
        await insert.ExecuteNonQueryAsync(ct);
    }
}
