using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Cluster;

// One scan piece read ahead of its consumer, page by page (a page = the rows of one ChunkServer or
// UpdateServer response). The producer hands each page over through one slot, so it reads at most one
// page ahead: a piece holds the consumer's page, the queued one and the one being read, whatever the
// piece's size, and a consumer that waits (a slow client's socket) stops the reading. A consumer that
// stops early (LIMIT, an error, the client gone) calls Stop: the producer ends at its next page or retry
// round (an RPC already sent is answered and dropped). A producer's failure is thrown by NextAsync once
// the pages before it have been taken.
//
// The hand-over is one slot under a lock and two reusable wait points, not a Channel: a point select's
// scan is one piece and one page, and a channel, a linked token source and the channel's completion
// exception were about a tenth of what a point select allocated in the MergeServer (issue 21).
internal sealed class PiecePages : IValueTaskSource<List<ObObj[]>?>, IValueTaskSource
{
    private readonly object _gate = new();
    private ManualResetValueTaskSourceCore<List<ObObj[]>?> _reader;
    private ManualResetValueTaskSourceCore<bool> _writer;
    private List<ObObj[]>? _queued;
    private List<ObObj[]>? _blocked;
    private bool _readerWaiting;
    private bool _writerWaiting;
    private bool _done;
    private bool _stopped;
    private ExceptionDispatchInfo? _failure;

    // produce reads the piece, calling EmitAsync for each page; it starts at once, on the caller's thread.
    public PiecePages(Func<PiecePages, CancellationToken, Task> produce, CancellationToken ct)
    {
        _ = RunAsync(produce, ct);
    }

    // Rows handed over so far (a scan's per-range limit counts them; the producer's alone).
    public long Rows { get; private set; }

    // The consumer has stopped: the producer ends before its next request.
    public bool Stopped => Volatile.Read(ref _stopped);

    public ValueTask EmitAsync(List<ObObj[]> page)
    {
        Rows += page.Count;
        lock (_gate)
        {
            if (_stopped)
                throw new OperationCanceledException("the scan's consumer stopped");
            if (!_readerWaiting)
            {
                if (_queued is null)
                {
                    _queued = page;
                    return default;
                }
                _blocked = page;
                _writerWaiting = true;
                _writer.Reset();
                return new ValueTask(this, _writer.Version);
            }
            _readerWaiting = false;
        }
        _reader.SetResult(page);
        return default;
    }

    // The next page; null once the piece is read.
    public ValueTask<List<ObObj[]>?> NextAsync()
    {
        bool releaseWriter;
        List<ObObj[]>? page;
        lock (_gate)
        {
            page = _queued;
            if (page is null)
            {
                if (_done)
                {
                    _failure?.Throw();
                    return new ValueTask<List<ObObj[]>?>((List<ObObj[]>?)null);
                }
                _readerWaiting = true;
                _reader.Reset();
                return new ValueTask<List<ObObj[]>?>(this, _reader.Version);
            }
            _queued = _blocked;
            _blocked = null;
            releaseWriter = _writerWaiting;
            _writerWaiting = false;
        }
        if (releaseWriter)
            _writer.SetResult(true);
        return new ValueTask<List<ObObj[]>?>(page);
    }

    // Stops a producer still running (its outcome is dropped).
    public void Stop()
    {
        bool releaseWriter;
        lock (_gate)
        {
            if (_done)
                return;
            _stopped = true;
            releaseWriter = _writerWaiting;
            _writerWaiting = false;
            _blocked = null;
        }
        if (releaseWriter)
            _writer.SetException(new OperationCanceledException("the scan's consumer stopped"));
    }

    private async Task RunAsync(Func<PiecePages, CancellationToken, Task> produce, CancellationToken ct)
    {
        ExceptionDispatchInfo? failure = null;
        try
        {
            await produce(this, ct);
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        bool wakeReader;
        lock (_gate)
        {
            _done = true;
            _failure = failure;
            wakeReader = _readerWaiting;
            _readerWaiting = false;
        }
        if (!wakeReader)
            return;
        if (failure is null)
            _reader.SetResult(null);
        else
            _reader.SetException(failure.SourceException);
    }

    List<ObObj[]>? IValueTaskSource<List<ObObj[]>?>.GetResult(short token) => _reader.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<List<ObObj[]>?>.GetStatus(short token) => _reader.GetStatus(token);

    void IValueTaskSource<List<ObObj[]>?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _reader.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.GetResult(short token) => _writer.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _writer.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _writer.OnCompleted(continuation, state, token, flags);
}
