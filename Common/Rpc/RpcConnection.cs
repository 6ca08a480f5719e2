using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// One client TCP connection carrying many calls at once, matched by request id.
// Callers send their own frames (RpcSendQueue); a receive loop parses responses and completes the
// pending calls, running a successful caller's continuation on its own thread.
// Timeouts: a one-shot timer armed for the earliest deadline of the pending calls. A call whose
// deadline is later than the armed one (the usual case: equal timeouts) touches no timer, and a busy
// connection's timer fires about once per timeout instead of every few milliseconds (each firing wakes
// the timer thread and a thread-pool worker: on a small host those wake-ups cost more than the sweep).
public sealed class RpcConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly RpcSendQueue _send;
    private readonly PipeReader _receive;
    private readonly ConcurrentDictionary<ulong, RpcPendingCall> _pending = new();
    private readonly Timer _sweep;
    private readonly int _maxBody;
    private readonly Task _receiveLoop;
    private readonly Lock _sweepLock = new();
    private long _nextRequestId;
    // When the sweep timer fires (Environment.TickCount64 ms); long.MaxValue while disarmed. Lowered
    // by calls (ArmSweep) and set by the sweep, both under _sweepLock; read without it to skip the lock.
    private long _sweepDueMs = long.MaxValue;
    private string? _closeReason;
    // The managed id of the thread that last read this connection's replies (0 before the first): with
    // inline socket I/O, the socket-engine thread the connection is registered with (RpcPeer.Next).
    private int _receiveThreadId;

    public RpcConnection(Socket socket, string remoteAddress, RpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(options);
        _socket = socket;
        RemoteAddress = remoteAddress;
        _maxBody = options.MaxFrameBytes;
        _send = new RpcSendQueue(socket, _maxBody, Close);
        _receive = PipeReader.Create(
            new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        // Armed only while calls are pending: an idle connection costs no wake-ups.
        _sweep = new Timer(static state => ((RpcConnection)state!).SweepTimeouts(), this, Timeout.Infinite, Timeout.Infinite);
        _receiveLoop = ReceiveLoopAsync();
    }

    public string RemoteAddress { get; }

    // Connected through the server's local Unix socket (RpcLocalSocket) rather than TCP.
    public bool IsLocalSocket => _socket.AddressFamily == AddressFamily.Unix;

    public bool IsClosed => Volatile.Read(ref _closeReason) is not null;

    public int PendingCalls => _pending.Count;

    internal int ReceiveThreadId => Volatile.Read(ref _receiveThreadId);

    // Tests: as if this connection's replies had last been read on thread `threadId` (RpcPeerTests).
    internal void SetReceiveThreadForTests(int threadId) => Volatile.Write(ref _receiveThreadId, threadId);

    public static async Task<RpcConnection> ConnectAsync(string address, RpcOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (host, port) = RpcAddress.Parse(address);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        Socket? socket = null;
        try
        {
            if (options.LocalSockets)
            {
                socket = await RpcLocalSocket.TryConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            }
            if (socket is null)
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket?.Dispose();
            throw new RpcException(RpcErrorCodes.ConnectionFailed,
                $"connect to {address} failed: timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms") { MayHaveReachedPeer = false };
        }
        catch (SocketException ex)
        {
            socket?.Dispose();
            throw new RpcException(RpcErrorCodes.ConnectionFailed, $"connect to {address} failed: {ex.Message}", ex) { MayHaveReachedPeer = false };
        }
        catch
        {
            socket?.Dispose();
            throw;
        }

        // The handshake has its own, longer limit: unlike the TCP connect, it waits for the server process.
        using var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        handshakeTimeout.CancelAfter(options.HandshakeTimeout);
        try
        {
            if (!await HandshakeAsync(socket, options.ClusterSecret, handshakeTimeout.Token).ConfigureAwait(false))
            {
                throw new RpcException(RpcErrorCodes.ConnectionFailed,
                    $"connect to {address} failed: cluster authentication failed (the two sides hold different cluster secrets, or the server refused the connection)") { MayHaveReachedPeer = false };
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RpcException(RpcErrorCodes.ConnectionFailed,
                $"connect to {address} failed: no cluster handshake within {options.HandshakeTimeout.TotalMilliseconds:0} ms") { MayHaveReachedPeer = false };
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RpcException(RpcErrorCodes.ConnectionFailed, $"connect to {address} failed: {ex.Message}", ex) { MayHaveReachedPeer = false };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RpcConnection(socket, address, options);
    }

    // The client's half of RpcHandshake: false when the server cannot prove the secret or refuses ours.
    private static async Task<bool> HandshakeAsync(Socket socket, byte[] secret, CancellationToken ct)
    {
        var clientNonce = RpcHandshake.NewNonce();
        await socket.SendAsync(RpcHandshake.Hello(clientNonce), SocketFlags.None, ct).ConfigureAwait(false);
        var challenge = new byte[RpcHandshake.ChallengeSize];
        if (!await ReceiveExactlyAsync(socket, challenge, ct).ConfigureAwait(false)
            || RpcHandshake.CheckChallenge(secret, clientNonce, challenge) is not { } serverNonce)
        {
            return false;
        }
        await socket.SendAsync(RpcHandshake.ClientProof(secret, clientNonce, serverNonce), SocketFlags.None, ct).ConfigureAwait(false);
        var verdict = new byte[1];
        return await ReceiveExactlyAsync(socket, verdict, ct).ConfigureAwait(false) && verdict[0] == RpcHandshake.Accepted;
    }

    private static async Task<bool> ReceiveExactlyAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }

    // Timeout → RpcException(Timeout); cancellation → OperationCanceledException; connection loss →
    // RpcException(ConnectionFailed); an error frame → RpcException with the handler's code and message.
    // Every failure, argument checks included, comes through the returned task. When the frame goes
    // out at once (the usual case) the task is the pending call's own: no async frame per call.
    public Task<TResp> CallAsync<TReq, TResp>(
        uint code, TReq request, MessageParser<TResp> parser, TimeSpan timeout, CancellationToken cancellationToken)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        if (request is null)
        {
            return Task.FromException<TResp>(new ArgumentNullException(nameof(request)));
        }
        if (parser is null)
        {
            return Task.FromException<TResp>(new ArgumentNullException(nameof(parser)));
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResp>(cancellationToken);
        }
        if (IsClosed)
        {
            return Task.FromException<TResp>(ConnectionLost(requestSent: false));
        }

        ulong id = (ulong)Interlocked.Increment(ref _nextRequestId);
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var call = new RpcPendingCall<TResp>(this, id, code, parser, deadline, timeout);
        _pending[id] = call;
        ArmSweep(deadline);
        if (IsClosed && _pending.TryRemove(id, out _))
        {
            // Lost the race with Close, which may have swept the table before this call was added.
            call.Fail(ConnectionLost(requestSent: false));
            return call.Task;
        }
        if (cancellationToken.CanBeCanceled)
        {
            call.WatchCancellation(cancellationToken);
        }

        ValueTask send;
        try
        {
            send = _send.EnqueueAsync(code, id, request);
        }
        catch (Exception ex)
        {
            // The frame could not be written (too large): nothing went out.
            if (_pending.TryRemove(id, out _))
            {
                call.Abandon();
                return Task.FromException<TResp>(ex);
            }
            return call.Task;
        }
        // The socket is backed up (a big frame, a slow peer): the send goes on without this caller,
        // whose deadline and cancellation still apply.
        return send.IsCompletedSuccessfully ? call.Task : AfterBackedUpSendAsync(send, call.Task);
    }

    private static async Task<TResp> AfterBackedUpSendAsync<TResp>(ValueTask send, Task<TResp> call)
    {
        await Task.WhenAny(send.AsTask(), call).ConfigureAwait(false);
        return await call.ConfigureAwait(false);
    }

    // Removes a call that its caller canceled; false when another path completed it first.
    internal bool Forget(ulong requestId) => _pending.TryRemove(requestId, out _);

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        string reason = "connection closed by the server";
        try
        {
            while (true)
            {
                var result = await _receive.ReadAsync().ConfigureAwait(false);
                _receiveThreadId = Environment.CurrentManagedThreadId;
                var buffer = result.Buffer;
                try
                {
                    while (RpcFrame.TryParse(ref buffer, _maxBody, out var frame))
                    {
                        if (!frame.Header.IsResponse)
                        {
                            RpcThrowHelper.ThrowProtocol("the server sent a request frame");
                        }
                        // A reply whose call already timed out or was canceled finds nothing and is dropped.
                        if (_pending.TryRemove(frame.Header.RequestId, out var call))
                        {
                            call.Complete(frame);
                        }
                    }
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        if (!buffer.IsEmpty)
                        {
                            reason = "connection closed in the middle of a frame";
                        }
                        break;
                    }
                }
                finally
                {
                    _receive.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (RpcProtocolException ex)
        {
            reason = $"protocol error: {ex.Message}";
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            reason = ex.Message;
        }
        finally
        {
            Close(reason);
            await _receive.CompleteAsync().ConfigureAwait(false);
        }
    }

    // Fails the calls past their deadline and arms the timer for the earliest deadline left. Under the
    // lock, so a call arming an earlier deadline meanwhile either is seen by this scan or arms after it.
    private void SweepTimeouts()
    {
        lock (_sweepLock)
        {
            // A full fence before the scan: a call that read the old due time was added before it.
            Interlocked.Exchange(ref _sweepDueMs, long.MaxValue);
            long now = Environment.TickCount64;
            long next = long.MaxValue;
            foreach (var (id, call) in _pending)
            {
                if (call.DeadlineMs > now)
                {
                    next = Math.Min(next, call.DeadlineMs);
                }
                else if (_pending.TryRemove(id, out _))
                {
                    call.Fail(new RpcException(RpcErrorCodes.Timeout,
                        $"packet 0x{call.PacketCode:X} to {RemoteAddress} timed out after {call.Timeout.TotalMilliseconds:0} ms"));
                }
            }
            if (next != long.MaxValue)
            {
                ArmLocked(next, now);
            }
        }
    }

    // Called after the call is in _pending (a full fence: the dictionary's lock), so a sweep that
    // reset the due time after this read sees the call in its scan.
    private void ArmSweep(long deadlineMs)
    {
        if (deadlineMs >= Volatile.Read(ref _sweepDueMs))
        {
            return;
        }
        lock (_sweepLock)
        {
            if (deadlineMs < _sweepDueMs)
            {
                ArmLocked(deadlineMs, Environment.TickCount64);
            }
        }
    }

    private void ArmLocked(long dueMs, long nowMs)
    {
        Volatile.Write(ref _sweepDueMs, dueMs);
        try
        {
            // Never early: a timer that fires before the deadline finds the call alive and arms again.
            _sweep.Change(Math.Max(1, dueMs - nowMs), Timeout.Infinite);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: Close failed every pending call.
        }
    }

    private void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }
        _sweep.Dispose();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        _socket.Dispose();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.Fail(ConnectionLost(requestSent: true));
            }
        }
    }

    // requestSent: whether the call may have been written to the socket before the connection went.
    private RpcException ConnectionLost(bool requestSent) =>
        new(RpcErrorCodes.ConnectionFailed, $"connection to {RemoteAddress} lost: {_closeReason}") { MayHaveReachedPeer = requestSent };

    public async ValueTask DisposeAsync()
    {
        Close("connection disposed");
        await _receiveLoop.ConfigureAwait(false);
        await _sweep.DisposeAsync().ConfigureAwait(false);
    }
}
