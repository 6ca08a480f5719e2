using System.Buffers;
using System.IO.Pipelines;

namespace OceanClassic.Common.MySql;

// Reads whole (reassembled) payloads from a PipeReader, checking sequence ids and the size limit
// before waiting for a payload's bytes.
public sealed class PacketReader(PipeReader input, long maxPayloadBytes) : IDisposable
{
    private readonly PooledBufferWriter _payload = new();

    public byte NextSequence { get; set; }

    // Valid until the next ReadAsync.
    public ReadOnlyMemory<byte> Payload => _payload.WrittenMemory;

    // False on a clean end of stream between packets.
    public async ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        _payload.Reset();
        var started = false;
        while (true)
        {
            var result = await input.ReadAsync(ct);
            var buffer = result.Buffer;
            var complete = false;
            while (TryReadChunk(ref buffer, out var last))
            {
                started = true;
                if (last)
                {
                    complete = true;
                    break;
                }
            }

            if (complete)
            {
                input.AdvanceTo(buffer.Start);
                return true;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var clean = !started && buffer.IsEmpty;
                input.AdvanceTo(buffer.Start, buffer.End);
                if (clean)
                {
                    return false;
                }

                MySqlThrowHelper.ThrowEndedInsidePacket(buffer.Length);
            }

            started |= !buffer.IsEmpty;
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public void Dispose() => _payload.Dispose();

    private bool TryReadChunk(ref ReadOnlySequence<byte> buffer, out bool last)
    {
        last = false;
        if (!PacketFramer.TryReadHeader(buffer, out var length, out var sequence))
        {
            return false;
        }

        if (sequence != NextSequence)
        {
            MySqlThrowHelper.ThrowMalformed($"packet sequence id {sequence}, expected {NextSequence}");
        }

        if ((long)_payload.WrittenCount + length > maxPayloadBytes)
        {
            MySqlThrowHelper.ThrowMalformed(
                $"packet of {(long)_payload.WrittenCount + length} bytes exceeds max_allowed_packet {maxPayloadBytes}");
        }

        if (buffer.Length < PacketFramer.HeaderSize + length)
        {
            return false;
        }

        _payload.Write(buffer.Slice(PacketFramer.HeaderSize, length));
        buffer = buffer.Slice(PacketFramer.HeaderSize + length);
        NextSequence++;
        last = length < PacketFramer.MaxChunk;
        return true;
    }
}
