// The UpdateServer group as __all_ups_stat shows it through a MergeServer (the first that answers):
// each UPS's address, role as it sees it, liveness at the RootServer, replication mode, term and log
// sequence. Settled: every UPS alive, one master, one mode and one term.
using MySqlConnector;
using OceanClassic.Jepsen.Workloads;

namespace OceanClassic.Jepsen.Drills;

public sealed record UpsRow(string Address, string Role, bool Alive, string Replication, ulong Term, ulong LogSeq);

public sealed class UpsGroupView(IReadOnlyList<string> endpoints, int upsCount)
{
    public async Task<IReadOnlyList<UpsRow>?> ReadAsync(CancellationToken ct)
    {
        foreach (var endpoint in endpoints)
        {
            try
            {
                await using var c = new MySqlConnection(WorkerContext.ConnectionString(endpoint, database: null));
                await c.OpenAsync(ct);
                await using var command = WorkerContext.Command(c, "SELECT address, role, status, replication, term, log_seq FROM __all_ups_stat");
                await using var reader = await command.ExecuteReaderAsync(ct);
                var rows = new List<UpsRow>();
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(new UpsRow(reader.GetString(0), reader.GetString(1), reader.GetString(2) == "alive",
                        reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? 0 : reader.GetUInt64(4), reader.IsDBNull(5) ? 0 : reader.GetUInt64(5)));
                }
                return rows;
            }
            catch (Exception e) when (e is MySqlException or IOException or TimeoutException or InvalidOperationException)
            {
                // Try the next MergeServer.
            }
        }
        return null;
    }

    public async Task<bool> SettledAsync(string replication, CancellationToken ct)
    {
        var rows = await ReadAsync(ct);
        return rows is not null && rows.Count == upsCount && rows.All(r => r.Alive && r.Replication == replication)
            && rows.Count(r => r.Role == "master") == 1 && rows.Select(r => r.Term).Distinct().Count() == 1;
    }

    public Task WaitSettledAsync(string replication, CancellationToken ct) =>
        Wait.UntilAsync(token => SettledAsync(replication, token), TimeSpan.FromMinutes(2),
            $"every UpdateServer alive in {replication} mode under one master and one term", ct);

    public async Task<UpsRow> MasterAsync(CancellationToken ct)
    {
        UpsRow? master = null;
        await Wait.UntilAsync(async token => (master = (await ReadAsync(token))?.FirstOrDefault(r => r.Role == "master" && r.Alive)) is not null,
            TimeSpan.FromMinutes(1), "a live UpdateServer master", ct);
        return master!;
    }

    // Once no write runs: every UPS at the same log sequence.
    public Task WaitConvergedAsync(CancellationToken ct) =>
        Wait.UntilAsync(async token => (await ReadAsync(token)) is { } rows && rows.Count == upsCount && rows.Select(r => r.LogSeq).Distinct().Count() == 1,
            TimeSpan.FromMinutes(1), "every UpdateServer at the same log sequence", ct);
}
