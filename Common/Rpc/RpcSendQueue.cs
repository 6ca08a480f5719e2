using System.Net.Sockets;
using Google.Protobuf;
using OceanClassic.Common.Buffers;

namespace OceanClassic.Common.Rpc;

// The client side of a connection's outgoing frames. A caller that finds the socket idle sends its frame
// itself (no send thread to wake: on a small box that hop cost more than the send); frames queued while
// a send is on the wire leave together in the next one (write coalescing), sent by the same caller.
// On a socket thread the frames of one round of socket events leave together when the round ends
// (RpcSendRound): the first marks the queue, the round's flush sends them all.
internal sealed class RpcSendQueue(Socket socket, int maxBodyBytes, Action<string> onSendFailed)
{
    // Backpressure: callers wait once this much is queued behind a send on the wire.
    private const int PauseBytes = 1024 * 1024;

    private readonly Lock _lock = new();
    private PooledBufferWriter _queued = new();
    private PooledBufferWriter? _spare = new();
    private bool _sending;
    private bool _deferred;
    private bool _failed;
    private TaskCompletionSource? _drained;

    // Completes once the frame is on the wire or queued behind a send in progress (the caller need not
    // wait for that one). A send failure closes the connection through onSendFailed instead of throwing:
    // the pending calls fail as a connection loss.
    public ValueTask EnqueueAsync(uint code, ulong requestId, IMessage request)
    {
        PooledBufferWriter? batch = null;
        Task? wait = null;
        bool kick = false;
        lock (_lock)
        {
            if (_failed)
            {
                return default;
            }
            RpcFrameWriter.Write(_queued, RpcFrameFlags.None, code, requestId, request, maxBodyBytes);
            if (_sending)
            {
                if (_queued.WrittenCount >= PauseBytes)
                {
                    wait = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
            }
            else if (!_deferred)
            {
                if (RpcSendRound.TryDefer(this, out kick))
                {
                    _deferred = true;
                }
                else
                {
                    _sending = true;
                    batch = _queued;
                    _queued = _spare!;
                    _spare = null;
                }
            }
            // else: marked for the round's flush already; this frame goes with it.
        }
        if (kick)
        {
            RpcSendRound.Kick();
        }
        if (batch is not null)
        {
            return SendAsync(batch);
        }
        return wait is null ? default : new ValueTask(wait);
    }

    // The end of the round that marked this queue (RpcSendRound): sends what it queued meanwhile.
    internal void FlushDeferred()
    {
        PooledBufferWriter batch;
        lock (_lock)
        {
            _deferred = false;
            if (_sending || _failed || _queued.WrittenCount == 0)
            {
                return;
            }
            _sending = true;
            batch = _queued;
            _queued = _spare!;
            _spare = null;
        }
        var send = SendAsync(batch);
        if (!send.IsCompleted)
        {
            // Failures close the connection inside SendAsync; nothing to observe here.
            _ = send.AsTask();
        }
    }

    private async ValueTask SendAsync(PooledBufferWriter first)
    {
        for (var batch = first; ;)
        {
            try
            {
                for (var rest = batch.WrittenMemory; !rest.IsEmpty;)
                {
                    var sent = await socket.SendAsync(rest, SocketFlags.None).ConfigureAwait(false);
                    rest = rest[sent..];
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
            {
                TaskCompletionSource? waiting;
                lock (_lock)
                {
                    _failed = true;
                    waiting = _drained;
                    _drained = null;
                }
                waiting?.TrySetResult();
                onSendFailed($"send failed: {ex.Message}");
                return;
            }

            TaskCompletionSource? drained;
            bool more;
            lock (_lock)
            {
                batch.Reset();
                drained = _drained;
                _drained = null;
                more = _queued.WrittenCount > 0;
                if (!more)
                {
                    _spare = batch;
                    _sending = false;
                }
                else
                {
                    (_queued, batch) = (batch, _queued);
                }
            }
            drained?.TrySetResult();
            if (!more)
            {
                return;
            }
        }
    }
}
