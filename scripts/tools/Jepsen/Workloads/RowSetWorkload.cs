// Row set: the benchmarks' write mix on one table `(id BIGINT PRIMARY KEY, n BIGINT, c VARCHAR, KEY kn (n),
// KEY kc (c))` that starts with Counters counter rows (even ids, never deleted, n = 0). Each operation is one of
// - insert: INSERT of a fresh odd id (never used before: 1062 is itself an anomaly, recorded as ok [0]);
// - incr: UPDATE SET n = n + 1 WHERE id = <counter> (evaluated at the UpdateServer while the tablet has no
//   baseline, the ordinary read-then-write after a daily merge);
// - set: UPDATE SET c = <fresh text> WHERE id = <counter>;
// - delete: DELETE of a row this workload inserted and saw acknowledged (each such row deleted at most once);
// - txn: BEGIN, an insert, an incr, a set (counters in ascending id order, so transactions never deadlock
//   each other) and a delete when one is available, COMMIT; a failure before COMMIT rolls back and took no
//   effect (fail), a failed COMMIT is indeterminate (info);
// - scan (3 in 1,000): SELECT id FROM the table, checked for ids in strictly ascending key order.
// Completions carry the rows each statement matched (MySQL's found rows), so a counter or an acknowledged
// row that a statement did not find is seen. The final reads take a full scan (id, n), COUNT(*) and
// ALTER SYSTEM CHECK INDEX; RowSetChecker checks them against every acknowledged and indeterminate write.
using System.Collections.Concurrent;
using System.Globalization;
using MySqlConnector;
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Workloads;

public sealed class RowSetWorkload(string table = RowSetWorkload.DefaultTable, int counters = RowSetWorkload.DefaultCounters) : IWorkload
{
    public const string DefaultTable = "rowset";
    public const int DefaultCounters = 16;
    public const long CounterSpacing = 2000;
    private readonly ConcurrentQueue<long> _deletable = new();
    private long _nextId;
    private long _nextText;

    public string Name => "row-set";

    public static long CounterId(int counter) => counter * CounterSpacing;

    public Task SetupAsync(MySqlConnection connection, CancellationToken ct) =>
        WorkloadTable.CreateAsync(connection, table, "id BIGINT PRIMARY KEY, n BIGINT NOT NULL, c VARCHAR(40) NOT NULL, KEY kn (n), KEY kc (c)",
            Enumerable.Range(0, counters).Select(k => $"({CounterId(k)}, 0, 'start')"), ct);

    public async Task OperateAsync(WorkerContext worker)
    {
        var dice = worker.Random.Next(1000);
        if (dice < 350)
            await InsertAsync(worker);
        else if (dice < 600)
            await IncrementAsync(worker, Counter(worker));
        else if (dice < 700)
            await SetAsync(worker, Counter(worker));
        else if (dice < 800 && _deletable.TryDequeue(out var id))
            await DeleteAsync(worker, id);
        else if (dice < 997)
            await TransactionAsync(worker);
        else
            await ScanIdsAsync(worker);
    }

    public async Task<bool> FinalReadsAsync(WorkerContext worker) =>
        await FinalScanAsync(worker) == EventType.Ok && await CountAsync(worker) == EventType.Ok && await CheckIndexAsync(worker) == EventType.Ok;

    private long Counter(WorkerContext worker) => CounterId(worker.Random.Next(counters));

    private long FreshId() => 2 * Interlocked.Increment(ref _nextId) + 1;

    private string FreshText() => "c" + Interlocked.Increment(ref _nextText).ToString(CultureInfo.InvariantCulture);

    private async Task InsertAsync(WorkerContext worker)
    {
        var id = FreshId();
        var type = await worker.PerformAsync(Functions.RowInsert, id, [], writes: true, async (c, ct) =>
            (EventType.Ok, [await InsertRowAsync(c, null, id, ct)]));
        if (type == EventType.Ok)
            _deletable.Enqueue(id);
    }

    private Task IncrementAsync(WorkerContext worker, long id) =>
        worker.PerformAsync(Functions.RowIncrement, id, [], writes: true, async (c, ct) =>
            (EventType.Ok, [await ExecAsync(c, null, $"UPDATE {table} SET n = n + 1 WHERE id = @id", ct, ("@id", id))]));

    private Task SetAsync(WorkerContext worker, long id)
    {
        var text = FreshText();
        return worker.PerformAsync(Functions.RowSet, id, [], writes: true, async (c, ct) =>
            (EventType.Ok, [await ExecAsync(c, null, $"UPDATE {table} SET c = @c WHERE id = @id", ct, ("@c", text), ("@id", id))]));
    }

    private Task DeleteAsync(WorkerContext worker, long id) =>
        worker.PerformAsync(Functions.RowDelete, id, [], writes: true, async (c, ct) =>
            (EventType.Ok, [await ExecAsync(c, null, $"DELETE FROM {table} WHERE id = @id", ct, ("@id", id))]));

    // Value [insert id, incremented counter, set counter, deleted id or -1]; its ok completion adds the rows
    // each of the four statements matched.
    private async Task TransactionAsync(WorkerContext worker)
    {
        var insert = FreshId();
        var (a, b) = (Counter(worker), Counter(worker));
        var (increment, set) = (Math.Min(a, b), Math.Max(a, b));
        var delete = _deletable.TryDequeue(out var d) ? d : -1;
        var text = FreshText();
        var type = await worker.PerformAsync(Functions.RowTransaction, -1, [insert, increment, set, delete], writes: true, async (c, ct) =>
        {
            long inserted, incremented, setRows, deleted = 0;
            await using (var tx = await c.BeginTransactionAsync(ct))
            {
                try
                {
                    inserted = await InsertRowAsync(c, tx, insert, ct);
                    incremented = await ExecAsync(c, tx, $"UPDATE {table} SET n = n + 1 WHERE id = @id", ct, ("@id", increment));
                    setRows = await ExecAsync(c, tx, $"UPDATE {table} SET c = @c WHERE id = @id", ct, ("@c", text), ("@id", set));
                    if (delete >= 0)
                        deleted = await ExecAsync(c, tx, $"DELETE FROM {table} WHERE id = @id", ct, ("@id", delete));
                }
                catch (Exception e) when (e is MySqlException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
                {
                    // Nothing was committed: the statements' writes stay private to a transaction that
                    // ends with this rollback (or with the connection, if it is gone).
                    throw new NotAppliedException("the transaction failed before its COMMIT", e);
                }
                await tx.CommitAsync(ct);
            }
            return (EventType.Ok, [insert, increment, set, delete, inserted, incremented, setRows, deleted]);
        });
        if (type == EventType.Ok)
            _deletable.Enqueue(insert);
    }

    private Task<EventType> ScanIdsAsync(WorkerContext worker) =>
        worker.PerformAsync(Functions.RowScanIds, -1, [], writes: false, async (c, ct) =>
            (EventType.Ok, await ReadNumbersAsync(c, $"SELECT id FROM {table}", 0, 1, ct)));

    // [id, n, id, n, ...] in the order a plain full scan returns them.
    private Task<EventType> FinalScanAsync(WorkerContext worker) =>
        worker.PerformAsync(Functions.RowScan, -1, [], writes: false, async (c, ct) =>
            (EventType.Ok, await ReadNumbersAsync(c, $"SELECT id, n FROM {table}", 0, 2, ct)));

    private Task<EventType> CountAsync(WorkerContext worker) =>
        worker.PerformAsync(Functions.RowCount, -1, [], writes: false, async (c, ct) =>
            (EventType.Ok, await ReadNumbersAsync(c, $"SELECT COUNT(*) FROM {table}", 0, 1, ct)));

    // [rows, entries, missing, dangling, mismatched] for each index of the table (columns 3 to 7).
    private Task<EventType> CheckIndexAsync(WorkerContext worker) =>
        worker.PerformAsync(Functions.RowCheckIndex, -1, [], writes: false, async (c, ct) =>
            (EventType.Ok, await ReadNumbersAsync(c, $"ALTER SYSTEM CHECK INDEX {table}", 3, 5, ct)));

    // `columns` numbers from `first` on of every row the statement returns, row after row.
    private static async Task<IReadOnlyList<long>> ReadNumbersAsync(MySqlConnection c, string sql, int first, int columns, CancellationToken ct)
    {
        await using var command = WorkerContext.Command(c, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<long>();
        while (await reader.ReadAsync(ct))
        {
            for (var column = first; column < first + columns; column++)
                values.Add(Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture));
        }
        return values;
    }

    // 1 inserted, 0 when the fresh id was already there (1062).
    private async Task<long> InsertRowAsync(MySqlConnection c, MySqlTransaction? tx, long id, CancellationToken ct)
    {
        try
        {
            return await ExecAsync(c, tx, $"INSERT INTO {table} VALUES (@id, 0, 'new')", ct, ("@id", id));
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return 0;
        }
    }

    private static async Task<long> ExecAsync(MySqlConnection c, MySqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = WorkerContext.Command(c, sql, parameters);
        command.Transaction = tx;
        return await command.ExecuteNonQueryAsync(ct);
    }
}
