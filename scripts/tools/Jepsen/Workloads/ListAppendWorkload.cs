// List append: `lists (k, v)` with Keys rows whose v is a space-separated list of unique numbers, starting
// empty. An append is UPDATE lists SET v = CONCAT(v, ' ', x) WHERE k = ? with x never used before; a read
// takes one key's list. Elle's list-append model, one operation per transaction.
using MySqlConnector;
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Workloads;

public sealed class ListAppendWorkload(int keys) : IWorkload
{
    private long _nextValue;

    public string Name => "list-append";

    public Task SetupAsync(MySqlConnection connection, CancellationToken ct) =>
        WorkloadTable.CreateAsync(connection, "lists", "k INT PRIMARY KEY, v TEXT NOT NULL", Enumerable.Range(0, keys).Select(k => $"({k}, '')"), ct);

    public async Task OperateAsync(WorkerContext worker)
    {
        long key = worker.Random.Next(keys);
        if (worker.Random.Next(2) == 0)
        {
            await ReadAsync(worker, key);
            return;
        }
        var value = Interlocked.Increment(ref _nextValue);
        await worker.PerformAsync(Functions.Append, key, [value], writes: true, async (c, ct) =>
        {
            await using var append = WorkerContext.Command(c, "UPDATE lists SET v = CONCAT(v, ' ', @x) WHERE k = @k", ("@x", value), ("@k", key));
            await append.ExecuteNonQueryAsync(ct);
            return (EventType.Ok, [value]);
        });
    }

    public async Task<bool> FinalReadsAsync(WorkerContext worker)
    {
        for (long key = 0; key < keys; key++)
        {
            if (await ReadAsync(worker, key) != EventType.Ok)
                return false;
        }
        return true;
    }

    private static async Task<EventType> ReadAsync(WorkerContext worker, long key) =>
        await worker.PerformAsync(Functions.ListRead, key, [], writes: false, async (c, ct) =>
        {
            await using var read = WorkerContext.Command(c, "SELECT v FROM lists WHERE k = @k", ("@k", key));
            var text = (string?)await read.ExecuteScalarAsync(ct) ?? "";
            return (EventType.Ok, [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture))]);
        });
}
