// Single-key registers: `registers (k, v)` with Keys rows starting at 0. Half the operations read one key,
// a quarter write a fresh unique value, a quarter compare-and-set it (UPDATE ... WHERE k = ? AND v = ?,
// one row matched = it took effect, none = fail) from the value this workload last saw there.
using System.Collections.Concurrent;
using MySqlConnector;
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Workloads;

public sealed class RegisterWorkload(int keys) : IWorkload
{
    public const long InitialValue = 0;
    private readonly ConcurrentDictionary<long, long> _lastSeen = new();
    private long _nextValue;

    public string Name => "register";

    public Task SetupAsync(MySqlConnection connection, CancellationToken ct) =>
        WorkloadTable.CreateAsync(connection, "registers", "k INT PRIMARY KEY, v BIGINT", Enumerable.Range(0, keys).Select(k => $"({k}, {InitialValue})"), ct);

    public async Task OperateAsync(WorkerContext worker)
    {
        long key = worker.Random.Next(keys);
        var dice = worker.Random.Next(4);
        if (dice < 2)
        {
            await worker.PerformAsync(Functions.Read, key, [], writes: false, async (c, ct) =>
            {
                await using var read = WorkerContext.Command(c, "SELECT v FROM registers WHERE k = @k", ("@k", key));
                var v = await read.ExecuteScalarAsync(ct);
                if (v is null or DBNull)
                    return (EventType.Ok, []);
                var seen = Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture);
                _lastSeen[key] = seen;
                return (EventType.Ok, [seen]);
            });
            return;
        }
        var fresh = Interlocked.Increment(ref _nextValue);
        if (dice == 2)
        {
            await worker.PerformAsync(Functions.Write, key, [fresh], writes: true, async (c, ct) =>
            {
                await using var write = WorkerContext.Command(c, "UPDATE registers SET v = @v WHERE k = @k", ("@v", fresh), ("@k", key));
                await write.ExecuteNonQueryAsync(ct);
                _lastSeen[key] = fresh;
                return (EventType.Ok, [fresh]);
            });
            return;
        }
        var expected = _lastSeen.GetValueOrDefault(key, InitialValue);
        await worker.PerformAsync(Functions.Cas, key, [expected, fresh], writes: true, async (c, ct) =>
        {
            await using var cas = WorkerContext.Command(c, "UPDATE registers SET v = @to WHERE k = @k AND v = @from",
                ("@to", fresh), ("@k", key), ("@from", expected));
            var matched = await cas.ExecuteNonQueryAsync(ct);
            if (matched == 1)
                _lastSeen[key] = fresh;
            return (matched == 1 ? EventType.Ok : EventType.Fail, [expected, fresh]);
        });
    }

    // The checker needs no final read of a register.
    public Task<bool> FinalReadsAsync(WorkerContext worker) => Task.FromResult(true);
}
