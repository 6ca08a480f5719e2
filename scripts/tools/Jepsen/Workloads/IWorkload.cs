// A Jepsen workload: its tables, one operation of a client at a time, and the reads after the run that the
// checks need (each client's final view once the nemesis has healed everything).
using MySqlConnector;

namespace OceanClassic.Jepsen.Workloads;

public interface IWorkload
{
    string Name { get; }

    Task SetupAsync(MySqlConnection connection, CancellationToken ct);

    Task OperateAsync(WorkerContext worker);

    // Returns true once every final read it needs completed ok.
    Task<bool> FinalReadsAsync(WorkerContext worker);
}
