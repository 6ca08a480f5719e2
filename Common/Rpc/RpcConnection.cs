using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// One client TCP connection carrying many calls at once, matched by request id.
// Callers send their own frames (RpcSendQueue); a receive loop parses responses and completes the
// pending calls, running a successful caller's continuation on its own thread.
public sealed class RpcConnection : IAsyncDisposable
{
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Socket _socket;
    private readonly RpcSendQueue _send;
    private readonly PipeReader _receive;
    private readonly ConcurrentDictionary<ulong, RpcPendingCall> _pending = new();
    private readonly Timer _sweep;
    private readonly int _maxBody;
    private readonly Task _receiveLoop;
    private long _nextRequestId;
    private int _sweepArmed;
    private int _sweeping;
    private string? _closeReason;

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
        // Runs only while calls are pending: an idle connection costs no wake-ups.
        _sweep = new Timer(static state => ((RpcConnection)state!).SweepTimeouts(), this, Timeout.Infinite, Timeout.Infinite);
        _receiveLoop = ReceiveLoopAsync();
    }

    public string RemoteAddress { get; }

    // Connected through the server's local Unix socket (RpcLocalSocket) rather than TCP.
    public bool IsLocalSocket => _socket.AddressFamily == AddressFamily.Unix;

    public bool IsClosed => Volatile.Read(ref _closeReason) is not null;

    public int PendingCalls => _pending.Count;

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
    public async Task<TResp> CallAsync<TReq, TResp>(
        uint code, TReq request, MessageParser<TResp> parser, TimeSpan timeout, CancellationToken cancellationToken)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfClosed();

        ulong id = (ulong)Interlocked.Increment(ref _nextRequestId);
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var call = new RpcPendingCall<TResp>(code, parser, deadline, timeout);
        _pending[id] = call;
        ArmSweep();
        if (IsClosed && _pending.TryRemove(id, out _))
        {
            // Lost the race with Close, which may have swept the table before this call was added.
            call.Fail(ConnectionLost(requestSent: false));
        }

        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((RpcPendingCall)state!).Cancel(token), call)
            : default;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var send = _send.EnqueueAsync(code, id, request);
            if (!send.IsCompletedSuccessfully)
            {
                // The socket is backed up (a big frame, a slow peer): the send goes on without this
                // caller, whose deadline and cancellation still apply.
                await Task.WhenAny(send.AsTask(), call.Task).ConfigureAwait(false);
            }
            return await call.Task.ConfigureAwait(false);
        }
        finally
        {
            registration.Dispose();
            _pending.TryRemove(id, out _);
            OperationTimers.RpcCall(code).Stop(started);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        string reason = "connection closed by the server";
        try
        {
            while (true)
            {
                var result = await _receive.ReadAsync().ConfigureAwait(false);
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

    private void SweepTimeouts()
    {
        // Timer callbacks may overlap when the pool is slow; one sweep at a time keeps arming consistent.
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }
        try
        {
            if (_pending.IsEmpty)
            {
                // Disarm, then look again: a call added meanwhile may have seen the timer still armed.
                ChangeSweep(Timeout.InfiniteTimeSpan);
                Interlocked.Exchange(ref _sweepArmed, 0);
                if (!_pending.IsEmpty)
                {
                    ArmSweep();
                }
                return;
            }
            long now = Environment.TickCount64;
            foreach (var (id, call) in _pending)
            {
                if (call.DeadlineMs <= now && _pending.TryRemove(id, out _))
                {
                    call.Fail(new RpcException(RpcErrorCodes.Timeout,
                        $"packet 0x{call.PacketCode:X} to {RemoteAddress} timed out after {call.Timeout.TotalMilliseconds:0} ms"));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    // A full fence either way, so the sweep's look after disarming sees a call added before this.
    private void ArmSweep()
    {
        if (Interlocked.CompareExchange(ref _sweepArmed, 1, 0) == 0)
        {
            ChangeSweep(SweepPeriod);
        }
    }

    private void ChangeSweep(TimeSpan period)
    {
        try
        {
            _sweep.Change(period, period);
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

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw ConnectionLost(requestSent: false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close("connection disposed");
        await _receiveLoop.ConfigureAwait(false);
        await _sweep.DisposeAsync().ConfigureAwait(false);
    }
}
