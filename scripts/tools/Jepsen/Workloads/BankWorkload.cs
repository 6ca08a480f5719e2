// Bank transfers: `accounts (id, balance)`, Accounts rows of InitialBalance. A transfer is one transaction
// that locks both rows (SELECT ... FOR UPDATE, lower id first), gives up (fail) if the payer lacks the
// amount, else moves it with two relative UPDATEs and commits. A read takes every balance in one
// statement. Whatever happens to a transfer, every read must sum to Accounts x InitialBalance.
using MySqlConnector;
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Workloads;

public sealed class BankWorkload(int accounts) : IWorkload
{
    public const long InitialBalance = 100;

    public string Name => "bank";
    public int Accounts => accounts;
    public long Total => accounts * InitialBalance;

    public Task SetupAsync(MySqlConnection connection, CancellationToken ct) =>
        WorkloadTable.CreateAsync(connection, "accounts", "id INT PRIMARY KEY, balance BIGINT NOT NULL", Enumerable.Range(0, accounts).Select(a => $"({a}, {InitialBalance})"), ct);

    public async Task OperateAsync(WorkerContext worker)
    {
        if (worker.Random.Next(3) == 0)
        {
            await ReadAsync(worker);
            return;
        }
        long from = worker.Random.Next(accounts);
        var to = (from + 1 + worker.Random.Next(accounts - 1)) % accounts;
        long amount = 1 + worker.Random.Next(5);
        await worker.PerformAsync(Functions.Transfer, -1, [from, to, amount], writes: true, async (c, ct) =>
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var balances = new Dictionary<long, long>();
            foreach (var id in new[] { Math.Min(from, to), Math.Max(from, to) })
            {
                await using var lockRow = WorkerContext.Command(c, "SELECT balance FROM accounts WHERE id = @id FOR UPDATE", ("@id", id));
                lockRow.Transaction = tx;
                balances[id] = Convert.ToInt64(await lockRow.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }
            if (balances[from] < amount)
            {
                await tx.RollbackAsync(ct);
                return (EventType.Fail, [from, to, amount]);
            }
            foreach (var (id, delta) in new[] { (from, -amount), (to, amount) })
            {
                await using var move = WorkerContext.Command(c, "UPDATE accounts SET balance = balance + @d WHERE id = @id", ("@d", delta), ("@id", id));
                move.Transaction = tx;
                await move.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            return (EventType.Ok, [from, to, amount]);
        });
    }

    public async Task<bool> FinalReadsAsync(WorkerContext worker) => await ReadAsync(worker) == EventType.Ok;

    private static async Task<EventType> ReadAsync(WorkerContext worker) =>
        await worker.PerformAsync(Functions.BankRead, -1, [], writes: false, async (c, ct) =>
        {
            await using var read = WorkerContext.Command(c, "SELECT id, balance FROM accounts ORDER BY id");
            await using var reader = await read.ExecuteReaderAsync(ct);
            var balances = new List<long>();
            while (await reader.ReadAsync(ct))
                balances.Add(reader.GetInt64(1));
            return (EventType.Ok, balances);
        });
}
