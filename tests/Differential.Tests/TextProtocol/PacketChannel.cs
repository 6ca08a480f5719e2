using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using OceanClassic.Common.MySql;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Differential.Tests.TextProtocol;

// One socket to a MySQL server (the MergeServer or mariadbd). Framing (3-byte length + sequence id,
// 0xFFFFFF split/reassembly, the MaxPacketBytes bound) is Common.MySql's PacketReader/PacketWriter; this
// class keeps one sequence counter for both directions, turns their failures into ObExceptions (2013 the
// server closed, 2027 a packet that cannot be read) and marks the channel broken.
internal sealed class PacketChannel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly PacketReader _reader;
    private readonly PacketWriter _writer;

    public PacketChannel(Socket socket, long maxPacketBytes)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _reader = new PacketReader(_input, maxPacketBytes);
        _writer = new PacketWriter(_output);
    }

    public byte Sequence
    {
        get => _reader.NextSequence;
        set
        {
            _reader.NextSequence = value;
            _writer.Sequence = value;
        }
    }

    public bool IsBroken { get; private set; }

    // Valid until the next ReadAsync.
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
    {
        try
        {
            if (!await _reader.ReadAsync(ct))
            {
                throw ServerClosed();
            }

            _writer.Sequence = _reader.NextSequence;
            return _reader.Payload;
        }
        catch (MySqlProtocolException ex)
        {
            IsBroken = true;
            throw ex.EndedInsidePacket ? ServerClosed() : RawErrors.Protocol(ex);
        }
        catch
        {
            IsBroken = true;
            throw;
        }
    }

    public IBufferWriter<byte> BeginPacket() => _writer.Begin();

    public void EndPacket()
    {
        _writer.End();
        _reader.NextSequence = _writer.Sequence;
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        try
        {
            await _writer.FlushAsync(ct);
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
        _writer.Dispose();
    }

    private static ObException ServerClosed() => new(ObException.ServerLost, "HY000", "The server closed the connection.");
}
