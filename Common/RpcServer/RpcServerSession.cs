using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace OceanClassic.Common.Rpc;

// One accepted connection: the handshake (RpcServerHandshake: the peer proves the cluster secret before
// anything else is read), then a read loop that parses frames and dispatches each request, and a single
// gate through which every response is written. Responses of handlers that finish synchronously are
// buffered and flushed once per read batch; the transport's send loop then puts them on the wire together.
internal sealed class RpcServerSession : IDisposable
{
    // Bigger frames are collected outside the transport pipe (see RpcLargeFrame).
    private const int LargeFrameThreshold = 256 * 1024;

    private readonly ConnectionContext _connection;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RpcHandlerRegistry _registry;
    private readonly ILogger _logger;
    private readonly int _maxBody;
    private readonly RpcOptions _options;
    private readonly string _remote;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private RpcLargeFrame? _large;
    private bool _unflushed;
    private volatile bool _closed;

    public RpcServerSession(ConnectionContext connection, RpcHandlerRegistry registry, RpcOptions options, ILogger logger)
    {
        _connection = connection;
        _input = connection.Transport.Input;
        _output = connection.Transport.Output;
        _registry = registry;
        _logger = logger;
        _maxBody = options.MaxFrameBytes;
        _options = options;
        // A local (Unix socket) caller has no address of its own; the connection id tells callers apart.
        _remote = connection.RemoteEndPoint is { AddressFamily: not System.Net.Sockets.AddressFamily.Unix } remote
            ? remote.ToString() ?? connection.ConnectionId
            : "local:" + connection.ConnectionId;
    }

    public async Task RunAsync()
    {
        // Server shutdown asks each connection to close: stop reading and let the finally block close it.
        var lifetime = _connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var closeRequested = lifetime?.ConnectionClosedRequested.UnsafeRegister(
            static state => ((PipeReader)state!).CancelPendingRead(), _input);
        try
        {
            // No frame is read from a peer that has not proved the cluster secret.
            if (await RpcServerHandshake.RunAsync(_input, _output, _options).ConfigureAwait(false) is { } refused)
            {
                if (refused.Length > 0)
                {
                    _logger.LogWarning("RPC connection from {Remote} refused: {Reason}", _remote, refused);
                }
                return;
            }
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }
                var buffer = result.Buffer;
                try
                {
                    ProcessBuffer(ref buffer);
                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty || _large is not null)
                        {
                            RpcThrowHelper.ThrowProtocol("connection closed in the middle of a frame");
                        }
                        break;
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }
                await FlushBufferedAsync().ConfigureAwait(false);
            }
        }
        catch (RpcProtocolException ex)
        {
            _logger.LogWarning("RPC connection from {Remote} closed: protocol error: {Reason}", _remote, ex.Message);
        }
        catch (ConnectionResetException)
        {
            // The peer went away; its pending calls fail on its side.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "RPC connection from {Remote} failed", _remote);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private void ProcessBuffer(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_large is not null)
            {
                if (!_large.Fill(ref buffer))
                {
                    return;
                }
                var whole = _large.Frame;
                if (RpcFrame.TryParse(ref whole, _maxBody, out var big))
                {
                    Dispatch(big);
                }
                _large.Dispose();
                _large = null;
            }

            while (RpcFrame.TryParse(ref buffer, _maxBody, out var frame))
            {
                Dispatch(frame);
            }

            if (!RpcFrame.TryReadHeader(buffer, _maxBody, out var header)
                || RpcFrameHeader.Size + header.BodyLength <= LargeFrameThreshold)
            {
                return;
            }
            _large = new RpcLargeFrame(RpcFrameHeader.Size + header.BodyLength);
        }
    }

    private void Dispatch(in RpcFrame frame)
    {
        var header = frame.Header;
        if (header.IsResponse)
        {
            RpcThrowHelper.ThrowProtocol("a response frame was sent to the server");
        }
        if (!_registry.TryGet(header.PacketCode, out var handler))
        {
            ReplyInline(header, null, new RpcException(RpcErrorCodes.UnknownPacket, $"unknown packet code 0x{header.PacketCode:X}"));
            return;
        }

        if (_registry.Gate?.Invoke(header.PacketCode) is { } refused)
        {
            ReplyInline(header, null, refused);
            return;
        }

        IMessage? response;
        var outer = RpcReplyBatch.EnterHandler();
        try
        {
            // Parsing copies the body out of the pipe buffer, so the handler may outlive this read.
            var request = handler.Parse(frame.Body);
            response = handler.Invoke(request, new RpcCallContext(_closing.Token, _remote, header.PacketCode), this, header);
        }
        catch (InvalidProtocolBufferException ex)
        {
            ReplyInline(header, null, new RpcException(RpcErrorCodes.ProtocolError, $"bad body for packet 0x{header.PacketCode:X}: {ex.Message}"));
            return;
        }
        catch (Exception ex)
        {
            ReplyInline(header, null, ex);
            return;
        }
        finally
        {
            RpcReplyBatch.ExitHandler(outer);
        }

        if (response is not null)
        {
            ReplyInline(header, response, null);
        }
    }

    // Called from the read loop: buffer the reply without flushing; the batch flush sends it.
    private void ReplyInline(RpcFrameHeader request, IMessage? response, Exception? error)
    {
        if (_writeGate.Wait(0))
        {
            try
            {
                WriteReply(request, response, error);
                _unflushed = true;
            }
            finally
            {
                _writeGate.Release();
            }
        }
        else
        {
            _ = SendAsync(request, response, error);
        }
    }

    internal async Task SendAsync(RpcFrameHeader request, IMessage? response, Exception? error)
    {
        if (_closed)
        {
            return;
        }
        try
        {
            if (_writeGate.Wait(0))
            {
                if (RpcReplyBatch.Defer(this))
                {
                    // Written now, flushed with the other replies of the batch.
                    try
                    {
                        WriteReply(request, response, error);
                        _unflushed = true;
                    }
                    finally
                    {
                        _writeGate.Release();
                    }
                    return;
                }
            }
            else
            {
                await _writeGate.WaitAsync().ConfigureAwait(false);
            }
            try
            {
                WriteReply(request, response, error);
                await FlushUnderGateAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (Exception ex)
        {
            // The connection is going away; its client sees the loss, nothing to reply to.
            _logger.LogDebug(ex, "RPC reply to {Remote} dropped", _remote);
        }
    }

    // The end of an RpcReplyBatch that buffered replies here.
    internal void FlushDeferred()
    {
        var flush = FlushBufferedAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(flush);
        }

        async Task ObserveAsync(ValueTask pending)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "RPC replies to {Remote} dropped", _remote);
            }
        }
    }

    private async ValueTask FlushBufferedAsync()
    {
        if (!_unflushed)
        {
            return;
        }
        if (!_writeGate.Wait(0))
        {
            await _writeGate.WaitAsync().ConfigureAwait(false);
        }
        try
        {
            await FlushUnderGateAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private ValueTask FlushUnderGateAsync()
    {
        _unflushed = false;
        if (_closed)
        {
            return default;
        }
        var flush = _output.FlushAsync();
        return flush.IsCompletedSuccessfully ? default : AwaitFlushAsync(flush);

        static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush) => await flush.ConfigureAwait(false);
    }

    // Must hold the write gate. Maps handler failures to error frames.
    private void WriteReply(RpcFrameHeader request, IMessage? response, Exception? error)
    {
        if (_closed)
        {
            return;
        }
        if (error is null && response is not null)
        {
            try
            {
                RpcFrameWriter.Write(_output, RpcFrameFlags.Response, request.PacketCode, request.RequestId, response, _maxBody);
                return;
            }
            catch (RpcException ex)
            {
                error = ex;
            }
        }

        if (error is OperationCanceledException && _closing.IsCancellationRequested)
        {
            // The connection is going away: the caller sees it fail (ConnectionFailed), not a reply
            // that races the close.
            return;
        }
        var (code, message) = error switch
        {
            RpcException rpc => (rpc.Code, rpc.Message),
            OperationCanceledException canceled => (RpcErrorCodes.Canceled, canceled.Message),
            null => (RpcErrorCodes.Internal, "handler returned no response"),
            // A file-system failure's or a damaged file's message names server paths: the caller (perhaps a
            // MySQL client, via the MergeServer) learns what kind it was, and the whole exception goes to
            // this server's log.
            IOException or UnauthorizedAccessException or InvalidDataException => (RpcErrorCodes.Internal, $"{error.GetType().Name} on the server; the details are in its log"),
            _ => (RpcErrorCodes.Internal, error.Message),
        };
        if (code == RpcErrorCodes.Internal)
        {
            _logger.LogError(error, "RPC handler for packet 0x{Code:X} from {Remote} failed", request.PacketCode, _remote);
        }
        RpcFrameWriter.WriteError(_output, request.PacketCode, request.RequestId, code, message, _maxBody, (error as RpcException)?.Item ?? 0);
    }

    private async Task CloseAsync()
    {
        _closing.Cancel();
        _large?.Dispose();
        _large = null;
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _closed = true;
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
        await _input.CompleteAsync().ConfigureAwait(false);
    }

    public void Dispose() => _closing.Dispose();
}
