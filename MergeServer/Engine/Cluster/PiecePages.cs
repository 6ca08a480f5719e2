using System.Threading.Channels;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Cluster;

// One scan piece read ahead of its consumer, page by page (a page = the rows of one ChunkServer
// response). The producer hands each page over through a channel that holds one, so it reads at most one
// page ahead: a piece holds the consumer's page, the queued one and the one being read, whatever the
// piece's size, and a consumer that waits (a slow client's socket) stops the reading. A consumer that
// stops early (LIMIT, an error, the client gone) disposes it, which cancels the producer. A producer's
// failure is thrown by NextAsync once the pages before it have been taken.
internal sealed class PiecePages
{
    private readonly Channel<List<ObObj[]>> _pages = Channel.CreateBounded<List<ObObj[]>>(
        new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

    private readonly CancellationTokenSource _cancel;
    private readonly Task _producer;

    // produce reads the piece, calling EmitAsync for each page; it starts at once, on the caller's thread.
    public PiecePages(Func<PiecePages, CancellationToken, Task> produce, CancellationToken ct)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _producer = RunAsync(produce);
    }

    // Rows handed over so far (a scan's per-range limit counts them).
    public long Rows { get; private set; }

    public ValueTask EmitAsync(List<ObObj[]> page)
    {
        Rows += page.Count;
        return _pages.Writer.WriteAsync(page, _cancel.Token);
    }

    // The next page; null once the piece is read.
    public async ValueTask<List<ObObj[]>?> NextAsync()
    {
        while (await _pages.Reader.WaitToReadAsync(_cancel.Token))
        {
            if (_pages.Reader.TryRead(out var page))
                return page;
        }
        await _producer;
        return null;
    }

    // Stops a producer still running; its outcome is observed (not thrown) and its token released when it ends.
    public void Stop()
    {
        if (!_producer.IsCompleted)
            _cancel.Cancel();
        _ = _producer.ContinueWith(static (t, state) =>
        {
            _ = t.Exception;
            ((CancellationTokenSource)state!).Dispose();
        }, _cancel, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(Func<PiecePages, CancellationToken, Task> produce)
    {
        try
        {
            await produce(this, _cancel.Token);
        }
        finally
        {
            _pages.Writer.TryComplete();
        }
    }
}
