using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace OceanClassic.ObClient.Protocol;

// One socket to a MergeServer: 3-byte length + sequence id framing (checked here only), payloads split
// and reassembled at 0xFFFFFF, every payload bounded by maxPacketBytes.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html
internal sealed class PacketChannel : IAsyncDisposable
{
    private const int HeaderSize = 4;
    private const int MaxChunk = 0xFFFFFF;
    private const int RetainLimit = 1024 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly long _maxPacketBytes;
    private readonly ArrayBufferWriter<byte> _outgoing = new();
    private ArrayBufferWriter<byte> _incoming = new();

    public PacketChannel(Socket socket, long maxPacketBytes)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _maxPacketBytes = maxPacketBytes;
    }

    public byte Sequence { get; set; }

    public bool IsBroken { get; private set; }

    // Valid until the next ReadAsync.
    public ReadOnlyMemory<byte> Payload => _incoming.WrittenMemory;

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
    {
        if (_incoming.Capacity > RetainLimit)
        {
            _incoming = new ArrayBufferWriter<byte>();
        }

        _incoming.ResetWrittenCount();
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(ct);
                var buffer = result.Buffer;
                var last = false;
                while (!last && TryReadChunk(ref buffer, out last))
                {
                }

                if (last)
                {
                    _input.AdvanceTo(buffer.Start);
                    return _incoming.WrittenMemory;
                }

                if (result.IsCompleted)
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                    throw new ObException(ObException.ServerLost, "HY000", "The server closed the connection.");
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch
        {
            IsBroken = true;
            throw;
        }
    }

    public IBufferWriter<byte> BeginPacket()
    {
        _outgoing.ResetWrittenCount();
        return _outgoing;
    }

    public void EndPacket()
    {
        ReadOnlySpan<byte> payload = _outgoing.WrittenSpan;
        while (true)
        {
            var chunk = Math.Min(payload.Length, MaxChunk);
            var span = _output.GetSpan(HeaderSize + chunk);
            span[0] = (byte)chunk;
            span[1] = (byte)(chunk >> 8);
            span[2] = (byte)(chunk >> 16);
            span[3] = Sequence++;
            payload[..chunk].CopyTo(span[HeaderSize..]);
            _output.Advance(HeaderSize + chunk);
            payload = payload[chunk..];
            if (chunk < MaxChunk)
            {
                return;
            }
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        try
        {
            var result = await _output.FlushAsync(ct);
            if (result.IsCompleted)
            {
                throw new ObException(ObException.ServerLost, "HY000", "The server closed the connection.");
            }
        }
        catch (IOException ex)
        {
            IsBroken = true;
            throw new ObException(ObException.ServerLost, "HY000", $"The server closed the connection: {ex.Message}", ex);
        }
        catch
        {
            IsBroken = true;
            throw;
        }
    }

    public void MarkBroken() => IsBroken = true;

    public async ValueTask DisposeAsync()
    {
        IsBroken = true;
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private bool TryReadChunk(ref ReadOnlySequence<byte> buffer, out bool last)
    {
        last = false;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = header[0] | (header[1] << 8) | (header[2] << 16);
        if (header[3] != Sequence)
        {
            ObException.ThrowProtocol($"packet sequence id {header[3]}, expected {Sequence}");
        }

        if (_incoming.WrittenCount + (long)length > _maxPacketBytes)
        {
            ObException.ThrowProtocol($"server packet exceeds MaxPacketBytes ({_maxPacketBytes})");
        }

        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        var payload = buffer.Slice(HeaderSize, length);
        payload.CopyTo(_incoming.GetSpan(length));
        _incoming.Advance(length);
        buffer = buffer.Slice(HeaderSize + length);
        Sequence++;
        last = length < MaxChunk;
        return true;
    }
}
