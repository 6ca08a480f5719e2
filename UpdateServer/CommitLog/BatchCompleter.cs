using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.CommitLog;

// The second stage of the group-commit pipeline: completes the appenders of batches the loop has
// already made durable (and whose versions it has already published), on a thread of its own, in
// the order the loop handed them over, so the loop can start the next batch's write and fsync
// while these replies go out. Nothing reaches here before its bytes are on disk: this stage only
// tells writers what is already true. RPC handlers' continuations run inline inside one
// RpcReplyBatch per hand-over, as they did on the loop. The loop hands over only when it has a next
// batch to write or this stage is still busy (CompleteOrHandOver); otherwise it completes inline,
// which saves a wake-up when there is nothing to overlap.
internal sealed class BatchCompleter
{
    private static readonly OperationTimer ReplyTimer = OperationTimers.Get("ups.commit_reply");

    private readonly Lock _lock = new();
    // Spin-free, as the loop's own wake-up (GroupCommitter): a spinning wait costs the writers' CPU.
    private readonly ManualResetEventSlim _wakeup = new(false, spinCount: 0);
    private readonly Thread _thread;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<GroupCommitter.PendingEntry> _pending = [];
    // Under _lock: the thread is completing a hand-over (or about to), so inline completion would overtake it.
    private bool _busy;
    private bool _sleeping;
    private bool _finishing;
    private long _handedOver;

    public BatchCompleter()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "ups-commit-reply" };
        _thread.Start();
    }

    // Batches completed on this stage's thread rather than inline on the loop.
    public long HandedOver
    {
        get { lock (_lock) return _handedOver; }
    }

    public Task Exited => _exited.Task;

    // On the loop thread, for a durable batch: completes `entries[start..end)` inline when this stage
    // is idle and `overlap` is false (no next batch waiting for the disk), else queues them here.
    public void CompleteOrHandOver(List<GroupCommitter.PendingEntry> entries, int start, int end, bool overlap)
    {
        bool handOver, wake = false;
        lock (_lock)
        {
            handOver = overlap || _busy;
            if (handOver)
            {
                for (var i = start; i < end; i++)
                    _pending.Add(entries[i]);
                _busy = true;
                wake = _sleeping;
                _sleeping = false;
                _handedOver++;
            }
        }
        if (!handOver)
            CompleteAll(entries, start, end);
        else if (wake)
            _wakeup.Set();
    }

    // After the loop's last hand-over: completes what is queued, then ends the thread.
    public void Finish()
    {
        bool wake;
        lock (_lock)
        {
            _finishing = true;
            wake = _sleeping;
            _sleeping = false;
        }
        if (wake)
            _wakeup.Set();
    }

    private void Run()
    {
        var taken = new List<GroupCommitter.PendingEntry>();
        try
        {
            while (true)
            {
                _wakeup.Reset();
                lock (_lock)
                {
                    if (_pending.Count == 0)
                    {
                        _busy = false;
                        if (_finishing)
                            return;
                        _sleeping = true;
                    }
                    else
                    {
                        (taken, _pending) = (_pending, taken);
                    }
                }
                if (taken.Count == 0)
                {
                    _wakeup.Wait();
                    continue;
                }
                CompleteAll(taken, 0, taken.Count);
                taken.Clear();
            }
        }
        finally
        {
            _wakeup.Dispose();
            _exited.TrySetResult();
        }
    }

    private static void CompleteAll(List<GroupCommitter.PendingEntry> entries, int start, int end)
    {
        var replying = System.Diagnostics.Stopwatch.GetTimestamp();
        using (RpcReplyBatch.Begin())
        {
            for (var i = start; i < end; i++)
                entries[i].Done.TrySetResult(entries[i].LastSequence);
        }
        ReplyTimer.Stop(replying);
    }
}

