using Microsoft.Extensions.Logging;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Engine;
using OceanClassic.UpdateServer.Leases;

namespace OceanClassic.UpdateServer.Replication;

// A master entering majority replication (a new master of a term, or the master when the mode
// switches to majority) logs an empty entry of its term and waits until it is committed on a
// majority: that commits its whole log before it (Raft's rule: an older entry commits only under
// an entry of the current term). A new master's write gate stays fenced until then, so it accepts no
// write before its whole log is safe. The entry is logged again until one commits or the role is lost.
public sealed class TermStart(UpsLease lease, LogShippingReplicator replicator, Func<UpdateEngine?> engine, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);
    private readonly Lock _lock = new();
    private CancellationTokenSource? _stop;
    private Task _run = Task.CompletedTask;
    // A run that fenced the gate was replaced before its entry committed: the next run opens it.
    private bool _fenceOpen;

    // `fenced`: the gate was fenced for this and is opened once the entry commits.
    public void Begin(bool fenced)
    {
        lock (_lock)
        {
            fenced |= _fenceOpen;
            _fenceOpen = fenced;
            _stop?.Cancel();
            _stop = new CancellationTokenSource();
            var ct = _stop.Token;
            var previous = _run;
            _run = Task.Run(async () =>
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await RunAsync(fenced, ct).ConfigureAwait(false);
            }, CancellationToken.None);
        }
    }

    private async Task RunAsync(bool fenced, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var begun = false;
        while (!ct.IsCancellationRequested && lease.IsMaster)
        {
            var current = engine();
            if (current is null)
            {
                await DelayAsync(ct).ConfigureAwait(false);
                continue;
            }
            if (!begun)
            {
                replicator.BeginMajorityTerm(current.LastAssignedSequence() + 1);
                begun = true;
            }
            try
            {
                var sequence = await current.AppendTermStartAsync().ConfigureAwait(false);
                // Its whole log is committed now: what it held as a follower goes into the MemTable.
                current.ApplyWholeLog();
                if (fenced && !ct.IsCancellationRequested)
                {
                    lease.Unfence();
                    lock (_lock)
                        _fenceOpen = false;
                }
                logger.LogInformation("term {Term}: its first entry (log seq {Seq}) is committed on a majority after {Ms} ms; the master takes writes",
                    replicator.Term, sequence, clock.ElapsedMilliseconds);
                return;
            }
            catch (Exception e) when (e is RpcException or IOException or ObjectDisposedException)
            {
                logger.LogWarning("term {Term}: its first entry is not committed yet: {Error}", replicator.Term, e.Message);
                await DelayAsync(ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task DelayAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Retry, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task run;
        lock (_lock)
        {
            _stop?.Cancel();
            run = _run;
        }
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop?.Dispose();
    }
}
