using System.Diagnostics;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests.Support;

// The bank workload of issue 25: `accounts` rows of `initial` each in `database`.acct (id, bal). Half
// the writers transfer by reading both balances with SELECT … FOR UPDATE and writing absolute values,
// half with relative `UPDATE … SET bal = bal ± x`; each transfer is one transaction (retried after 1213
// or 1205). Readers sum every balance in one statement; a sum other than the total is an anomaly. A
// transfer whose COMMIT outcome is unknown (connection lost) keeps the total either way, as long as
// transfers are atomic. Connections that fail are reopened (on the next MergeServer of their list).
public sealed class BankLoad
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks;
    private readonly int _accounts;
    private readonly long _total;
    private long _committed;
    private long _retried;
    private long _failed;
    private long _sums;
    private readonly List<string> _anomalies = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastCommitTicks;

    private BankLoad(Func<int, string> connectionString, string database, int accounts, long total, int writers, int readers)
    {
        _accounts = accounts;
        _total = total;
        _tasks = [
            .. Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(connectionString(w), database, forUpdate: w % 2 == 0, w))),
            .. Enumerable.Range(0, readers).Select(r => Task.Run(() => ReadAsync(connectionString(writers + r), database))),
        ];
    }

    public long Committed => Interlocked.Read(ref _committed);
    public long Retried => Interlocked.Read(ref _retried);
    public long Failed => Interlocked.Read(ref _failed);
    public long Sums => Interlocked.Read(ref _sums);
    public string? LastError { get; private set; }

    // When the last transfer committed, on the load's clock.
    public TimeSpan LastCommit => TimeSpan.FromTicks(Interlocked.Read(ref _lastCommitTicks));

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<string> Anomalies
    {
        get
        {
            lock (_anomalies)
                return [.. _anomalies];
        }
    }

    // Creates the table with its accounts and starts the load.
    public static async Task<BankLoad> StartAsync(Func<int, string> connectionString, string database,
        int accounts = 50, long initial = 1_000, int writers = 16, int readers = 4)
    {
        await using (var c = new ObConnection(connectionString(0)))
        {
            await c.OpenAsync();
            await c.ExecAsync($"CREATE DATABASE {database}");
            await c.ExecAsync($"CREATE TABLE {database}.acct (id INT PRIMARY KEY, bal BIGINT NOT NULL)");
            await c.ExecAsync($"INSERT INTO {database}.acct VALUES " + string.Join(", ", Enumerable.Range(1, accounts).Select(i => $"({i}, {initial})")));
        }
        return new BankLoad(connectionString, database, accounts, accounts * initial, writers, readers);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
    }

    private async Task WriteAsync(string connectionString, string database, bool forUpdate, int seed)
    {
        var random = new Random(seed);
        ObConnection? c = null;
        while (!_stop.IsCancellationRequested)
        {
            var from = random.Next(1, _accounts + 1);
            var to = random.Next(1, _accounts);
            to = to >= from ? to + 1 : to;
            var amount = random.Next(1, 50);
            try
            {
                c ??= await OpenAsync(connectionString, database);
                await TransferAsync(c, from, to, amount, forUpdate);
                Interlocked.Increment(ref _committed);
                Interlocked.Exchange(ref _lastCommitTicks, _clock.Elapsed.Ticks);
            }
            catch (ObException e) when (e.ErrorCode is 1213 or 1205)
            {
                Interlocked.Increment(ref _retried);
                await RollbackQuietlyAsync(c);
            }
            catch (Exception e) when (e is ObException or IOException or InvalidOperationException)
            {
                Interlocked.Increment(ref _failed);
                LastError = e.Message;
                c = await DropAsync(c);
                await Task.Delay(50);
            }
        }
        await DropAsync(c);
    }

    private static async Task TransferAsync(ObConnection c, int from, int to, int amount, bool forUpdate)
    {
        await c.ExecAsync("BEGIN");
        if (forUpdate)
        {
            var balances = (await c.RowsAsync($"SELECT id, bal FROM acct WHERE id IN ({from}, {to}) FOR UPDATE"))
                .Select(r => r.Split('|')).ToDictionary(r => int.Parse(r[0]), r => long.Parse(r[1]));
            await c.ExecAsync($"UPDATE acct SET bal = {balances[from] - amount} WHERE id = {from}");
            await c.ExecAsync($"UPDATE acct SET bal = {balances[to] + amount} WHERE id = {to}");
        }
        else
        {
            await c.ExecAsync($"UPDATE acct SET bal = bal - {amount} WHERE id = {from}");
            await c.ExecAsync($"UPDATE acct SET bal = bal + {amount} WHERE id = {to}");
        }
        await c.ExecAsync("COMMIT");
    }

    private async Task ReadAsync(string connectionString, string database)
    {
        ObConnection? c = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                c ??= await OpenAsync(connectionString, database);
                var sum = long.Parse((await c.RowsAsync("SELECT SUM(bal) FROM acct")).Single());
                Interlocked.Increment(ref _sums);
                if (sum != _total)
                {
                    lock (_anomalies)
                        _anomalies.Add($"sum {sum} at {_clock.Elapsed.TotalSeconds:F1}s");
                }
            }
            catch (Exception e) when (e is ObException or IOException or InvalidOperationException)
            {
                LastError = e.Message;
                c = await DropAsync(c);
                await Task.Delay(50);
            }
        }
        await DropAsync(c);
    }

    private static async Task<ObConnection> OpenAsync(string connectionString, string database)
    {
        var c = new ObConnection(connectionString);
        try
        {
            await c.OpenAsync();
            await c.ExecAsync($"USE {database}");
            return c;
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    private static async Task RollbackQuietlyAsync(ObConnection? c)
    {
        try
        {
            if (c is not null)
                await c.ExecAsync("ROLLBACK");
        }
        catch (Exception e) when (e is ObException or IOException or InvalidOperationException)
        {
            // The next statement on a broken connection fails and reopens it.
        }
    }

    private static async Task<ObConnection?> DropAsync(ObConnection? c)
    {
        if (c is null)
            return null;
        try
        {
            await c.DisposeAsync();
        }
        catch (Exception e) when (e is ObException or IOException or InvalidOperationException)
        {
        }
        return null;
    }
}
