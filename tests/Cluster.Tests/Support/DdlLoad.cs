using System.Collections.Concurrent;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests.Support;

// Writers that create tables `database`.<prefix><writer>_<n> (id INT PRIMARY KEY, tab VARCHAR) and
// write rows tagged with the table's own name through the MergeServer. Every acknowledged table and
// row must be there afterwards, each table holding only its own rows; a duplicate key on a fresh id
// of a fresh table means another table's rows showed up under a reused table id. Ids are never
// retried, so an ambiguous failure cannot be mistaken for that.
public sealed class DdlLoad
{
    private const int DuplicateEntry = 1062;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _writers;
    private int _failed;
    private int _duplicateKeys;

    public DdlLoad(TestCluster cluster, int writers, string database, string prefix, int rowsPerTable = 5)
    {
        _writers = [.. Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(cluster, database, $"{prefix}{w}_", rowsPerTable)))];
    }

    // Acknowledged table → its acknowledged row ids.
    public ConcurrentDictionary<string, ConcurrentBag<int>> Acknowledged { get; } = new();
    public int Failed => Volatile.Read(ref _failed);
    public int DuplicateKeys => Volatile.Read(ref _duplicateKeys);
    public string? LastError { get; private set; }

    private async Task WriteAsync(TestCluster cluster, string database, string prefix, int rowsPerTable)
    {
        ObConnection? c = null;
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var table = $"{prefix}{n}";
            try
            {
                c ??= await Sql.OpenAsync(cluster, database);
                await c.ExecAsync($"CREATE TABLE {table} (id INT PRIMARY KEY, tab VARCHAR(40))");
                var rows = Acknowledged.GetOrAdd(table, _ => []);
                for (var id = 1; id <= rowsPerTable && !_stop.IsCancellationRequested; id++)
                {
                    try
                    {
                        await c.ExecAsync($"INSERT INTO {table} VALUES ({id}, '{table}')");
                        rows.Add(id);
                    }
                    catch (ObException e)
                    {
                        CountFailure(e);
                        c = await ReopenIfClosedAsync(c);
                        if (c is null)
                            break;
                    }
                }
            }
            catch (ObException e)
            {
                CountFailure(e);
                if (c is not null)
                    c = await ReopenIfClosedAsync(c);
                await Task.Delay(50);
            }
        }
        if (c is not null)
            await c.DisposeAsync();
    }

    private void CountFailure(ObException e)
    {
        Interlocked.Increment(ref _failed);
        if (e.ErrorCode == DuplicateEntry)
            Interlocked.Increment(ref _duplicateKeys);
        LastError = e.Message;
    }

    private static async Task<ObConnection?> ReopenIfClosedAsync(ObConnection c)
    {
        if (c.State == System.Data.ConnectionState.Open)
            return c;
        await c.DisposeAsync();
        return null;
    }

    public Task WaitForMoreTablesAsync(int count, string what)
    {
        var target = Acknowledged.Count + count;
        return TestCluster.WaitUntilAsync(() => Task.FromResult(Acknowledged.Count >= target), TimeSpan.FromSeconds(90), what);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    // Every acknowledged table answers with every acknowledged row, and only rows tagged with its name.
    public async Task AssertNoneLostAsync(ObConnection c)
    {
        Assert.AreEqual(0, DuplicateKeys, $"duplicate keys on fresh ids of fresh tables (another table's rows): {LastError}");
        foreach (var (table, acknowledged) in Acknowledged)
        {
            List<string> rows;
            try
            {
                rows = await c.RowsAsync($"SELECT id, tab FROM {table}");
            }
            catch (ObException e)
            {
                Assert.Fail($"acknowledged table {table} is gone: {e.ErrorCode} {e.Message}");
                return;
            }
            var foreign = rows.Where(r => r.Split('|')[1] != table).ToList();
            Assert.AreEqual(0, foreign.Count, $"{table} shows rows of other tables: {string.Join(", ", foreign.Take(5))}");
            var present = rows.Select(r => int.Parse(r.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            var lost = acknowledged.Where(id => !present.Contains(id)).ToList();
            Assert.AreEqual(0, lost.Count, $"{table}: acknowledged rows lost: {string.Join(",", lost)}");
        }
    }
}
