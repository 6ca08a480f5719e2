using System.Buffers;
using System.IO.Pipelines;
using OceanClassic.Common.Buffers;

namespace OceanClassic.Common.MySql;

// Builds one payload at a time in a pooled buffer, then frames it into the PipeWriter.
public sealed class PacketWriter(PipeWriter output) : IDisposable
{
    private readonly PooledBufferWriter _payload = new();
    private byte _sequence;

    public byte Sequence
    {
        get => _sequence;
        set => _sequence = value;
    }

    public long UnflushedBytes { get; private set; }

    public IBufferWriter<byte> Begin()
    {
        _payload.Reset();
        return _payload;
    }

    public void End()
    {
        PacketFramer.WritePacket(output, _payload.WrittenSpan, ref _sequence);
        UnflushedBytes += _payload.WrittenCount + PacketFramer.HeaderSize;
    }

    // A payload already encoded (e.g. column definitions kept between executions), framed as End frames one.
    public void WritePayload(ReadOnlySpan<byte> payload)
    {
        PacketFramer.WritePacket(output, payload, ref _sequence);
        UnflushedBytes += payload.Length + PacketFramer.HeaderSize;
    }

    public ValueTask FlushAsync(CancellationToken ct)
    {
        UnflushedBytes = 0;
        var flush = output.FlushAsync(ct);
        if (flush.IsCompletedSuccessfully)
        {
            if (flush.Result.IsCompleted)
            {
                MySqlThrowHelper.ThrowPeerGone();
            }

            return default;
        }

        return AwaitFlushAsync(flush);
    }

    public void Dispose() => _payload.Dispose();

    private static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        if ((await flush).IsCompleted)
        {
            MySqlThrowHelper.ThrowPeerGone();
        }
    }
}
