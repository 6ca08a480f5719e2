using System.Collections.Concurrent;
using System.Diagnostics;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests.Support;

// Writers inserting distinct ids into `database`.t (id INT PRIMARY KEY, v VARCHAR) through the
// MergeServer (the first, or `mergeServer`); every acknowledged id, with when it was acknowledged, must be readable afterwards.
public sealed class InsertLoad
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _writers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _failed;

    public InsertLoad(TestCluster cluster, int writers, string database = "drill", RoleProcess? mergeServer = null)
    {
        _writers = [.. Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(cluster, database, w, mergeServer)))];
    }

    public ConcurrentDictionary<int, TimeSpan> Acknowledged { get; } = new();
    public int Failed => Volatile.Read(ref _failed);
    public string? LastError { get; private set; }

    // The load's own clock (acknowledgement times are on it).
    public TimeSpan Now => _clock.Elapsed;

    // The outage of a fault at `at`: the longest time without an acknowledged write from the last
    // acknowledgement before `at` until `settled` acknowledgements after it (null before then).
    public TimeSpan? OutageAround(TimeSpan at, int settled = 50)
    {
        var times = Acknowledged.Values.Order().ToList();
        var after = times.FindIndex(t => t > at);
        if (after < 0 || times.Count - after < settled)
            return null;
        var longest = after == 0 ? times[0] - at : TimeSpan.Zero;
        for (var i = Math.Max(1, after); i < after + settled; i++)
            longest = times[i] - times[i - 1] > longest ? times[i] - times[i - 1] : longest;
        return longest;
    }

    public int AcknowledgedSince(Stopwatch since) => Acknowledged.Values.Count(t => t > _clock.Elapsed - since.Elapsed);

    public TimeSpan FirstAcknowledgedAfter(Stopwatch since)
    {
        var from = _clock.Elapsed - since.Elapsed;
        return Acknowledged.Values.Where(t => t > from).DefaultIfEmpty(TimeSpan.MaxValue).Min() - from;
    }

    private async Task WriteAsync(TestCluster cluster, string database, int writer, RoleProcess? mergeServer)
    {
        var id = writer * 10_000_000;
        ObConnection? c = null;
        while (!_stop.IsCancellationRequested)
        {
            id++;
            try
            {
                c ??= await Sql.OpenAsync(cluster, database, mergeServer);
                await c.ExecAsync($"INSERT INTO t VALUES ({id}, 'row {id}')");
                Acknowledged[id] = _clock.Elapsed;
            }
            catch (ObException e)
            {
                Interlocked.Increment(ref _failed);
                LastError = e.Message;
                if (c is not null && c.State != System.Data.ConnectionState.Open)
                {
                    await c.DisposeAsync();
                    c = null;
                }
                await Task.Delay(20);
            }
        }
        if (c is not null)
            await c.DisposeAsync();
    }

    public Task WaitForMoreAsync(int count, string what)
    {
        var target = Acknowledged.Count + count;
        return TestCluster.WaitUntilAsync(() => Task.FromResult(Acknowledged.Count >= target), TimeSpan.FromSeconds(60), what);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    public async Task AssertNoneLostAsync(ObConnection c)
    {
        var present = (await c.RowsAsync("SELECT id FROM t")).Select(int.Parse).ToHashSet();
        var lost = Acknowledged.Keys.Where(id => !present.Contains(id)).ToList();
        Assert.AreEqual(0, lost.Count, $"{Acknowledged.Count} acknowledged, lost: {string.Join(",", lost.Take(20))}");
    }
}
