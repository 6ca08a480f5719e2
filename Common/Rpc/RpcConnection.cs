using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// One client TCP connection carrying many calls at once, matched by request id.
// Callers serialize their frames into a send pipe under a short gate; a send loop drains the pipe,
// so frames written while a send is on the wire leave together in the next one (write coalescing).
// A receive loop parses responses and completes the pending calls.
public sealed class RpcConnection : IAsyncDisposable
{
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(10);

    // Backpressure: callers wait once 1 MiB is queued and resume when it drains below half.
    private static readonly PipeOptions SendPipeOptions = new(
        pauseWriterThreshold: 1024 * 1024,
        resumeWriterThreshold: 512 * 1024,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

    private readonly Socket _socket;
    private readonly Pipe _send = new(SendPipeOptions);
    private readonly PipeReader _receive;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<ulong, RpcPendingCall> _pending = new();
    private readonly Timer _sweep;
    private readonly int _maxBody;
    private readonly Task _sendLoop;
    private readonly Task _receiveLoop;
    private long _nextRequestId;
    private string? _closeReason;

    public RpcConnection(Socket socket, string remoteAddress, RpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(options);
        _socket = socket;
        RemoteAddress = remoteAddress;
        _maxBody = options.MaxFrameBytes;
        _receive = PipeReader.Create(
            new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _sweep = new Timer(static state => ((RpcConnection)state!).SweepTimeouts(), this, SweepPeriod, SweepPeriod);
        _sendLoop = SendLoopAsync();
        _receiveLoop = ReceiveLoopAsync();
    }

    public string RemoteAddress { get; }

    public bool IsClosed => Volatile.Read(ref _closeReason) is not null;

    public int PendingCalls => _pending.Count;

    public static async Task<RpcConnection> ConnectAsync(string address, RpcOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (host, port) = RpcAddress.Parse(address);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RpcException(RpcErrorCodes.ConnectionFailed,
                $"connect to {address} failed: timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RpcException(RpcErrorCodes.ConnectionFailed, $"connect to {address} failed: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RpcConnection(socket, address, options);
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
        if (IsClosed && _pending.TryRemove(id, out _))
        {
            // Lost the race with Close, which may have swept the table before this call was added.
            call.Fail(ConnectionLost());
        }

        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((RpcPendingCall)state!).Cancel(token), call)
            : default;
        try
        {
            await WriteRequestAsync(code, id, request, cancellationToken).ConfigureAwait(false);
            return await call.Task.ConfigureAwait(false);
        }
        finally
        {
            registration.Dispose();
            _pending.TryRemove(id, out _);
        }
    }

    private async ValueTask WriteRequestAsync(uint code, ulong id, IMessage request, CancellationToken cancellationToken)
    {
        if (!_writeGate.Wait(0))
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            ThrowIfClosed();
            RpcFrameWriter.Write(_send.Writer, RpcFrameFlags.None, code, id, request, _maxBody);
            // The frame is committed once FlushAsync returns; awaiting only waits out backpressure.
            var flush = _send.Writer.FlushAsync(CancellationToken.None);
            if (!flush.IsCompletedSuccessfully)
            {
                await flush.ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        var reader = _send.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    for (var rest = segment; !rest.IsEmpty;)
                    {
                        int sent = await _socket.SendAsync(rest, SocketFlags.None).ConfigureAwait(false);
                        rest = rest[sent..];
                    }
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            Close($"send failed: {ex.Message}");
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
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
        _send.Reader.CancelPendingRead();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.Fail(ConnectionLost());
            }
        }
    }

    private RpcException ConnectionLost() =>
        new(RpcErrorCodes.ConnectionFailed, $"connection to {RemoteAddress} lost: {_closeReason}");

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw ConnectionLost();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close("connection disposed");
        await Task.WhenAll(_sendLoop, _receiveLoop).ConfigureAwait(false);
        await _sweep.DisposeAsync().ConfigureAwait(false);
    }
}
