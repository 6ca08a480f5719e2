using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using OceanClassic.Common.Buffers;
using OceanClassic.Common.Tasks;

namespace OceanClassic.Common.MySql;

// Reads whole (reassembled) payloads from a PipeReader. Each chunk's bytes are copied out of the pipe as
// they arrive, so the pipe never holds more than one read's worth; the sequence id and the size limit
// are checked from a chunk's header, before any of its bytes are kept. A payload over the limit throws
// MySqlProtocolException with PacketTooLarge; SkipRestOfPacketAsync then reads past the rest of that
// packet without keeping it, so the server can answer 1153 to a client still sending.
public sealed class PacketReader(PipeReader input, long maxPayloadBytes) : IDisposable
{
    private readonly PooledBufferWriter _payload = new();
    private bool _inChunk;
    private int _chunkRemaining;
    private bool _lastChunk;

    public byte NextSequence { get; set; }

    // The largest payload accepted; a server lowers it until the client has logged in.
    public long MaxPayloadBytes { get; set; } = maxPayloadBytes;

    // Valid until the next ReadAsync.
    public ReadOnlyMemory<byte> Payload => _payload.WrittenMemory;

    // False on a clean end of stream between packets.
    public ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        _payload.Reset();
        _inChunk = false;
        return ReadToPacketEndAsync(keep: true, ct);
    }

    // After PacketTooLarge: discards the packet's remaining chunks (their bytes are never kept) and
    // returns true once its last chunk has passed, false if the stream ended first.
    public ValueTask<bool> SkipRestOfPacketAsync(CancellationToken ct) => ReadToPacketEndAsync(keep: false, ct);

    // Pooled: a server's command read waits for the client on every command, so it always completes
    // asynchronously and would otherwise allocate its state machine each time; one socket thread waits
    // for many sessions' commands at once, more than the runtime's pooling builder keeps.
    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadToPacketEndAsync(bool keep, CancellationToken ct)
    {
        var started = !keep;
        while (true)
        {
            var result = await input.ReadAsync(ct);
            var buffer = result.Buffer;
            if (Consume(ref buffer, keep, ref started))
            {
                return true;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                if (!keep || (!started && buffer.IsEmpty))
                {
                    return false;
                }

                MySqlThrowHelper.ThrowEndedInsidePacket(buffer.Length + _chunkRemaining);
            }
        }
    }

    public void Dispose() => _payload.Dispose();

    // Marks what was read as consumed; the rest counts as examined only while more bytes are needed,
    // so bytes after a complete (or refused) packet are seen by the next read without new data.
    private bool Consume(ref ReadOnlySequence<byte> buffer, bool keep, ref bool started)
    {
        var complete = true;
        try
        {
            complete = ReadChunks(ref buffer, keep, ref started);
        }
        finally
        {
            if (complete)
            {
                input.AdvanceTo(buffer.Start);
            }
            else
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }

        return complete;
    }

    // Consumes what `buffer` holds of the current packet; true when its last chunk is complete.
    private bool ReadChunks(ref ReadOnlySequence<byte> buffer, bool keep, ref bool started)
    {
        while (true)
        {
            if (!_inChunk)
            {
                if (!PacketFramer.TryReadHeader(buffer, out var length, out var sequence))
                {
                    return false;
                }

                started = true;
                if (keep && sequence != NextSequence)
                {
                    MySqlThrowHelper.ThrowMalformed($"packet sequence id {sequence}, expected {NextSequence}");
                }

                buffer = buffer.Slice(PacketFramer.HeaderSize);
                NextSequence = (byte)(sequence + 1);
                _inChunk = true;
                _chunkRemaining = length;
                _lastChunk = length < PacketFramer.MaxChunk;
                if (keep && (long)_payload.WrittenCount + length > MaxPayloadBytes)
                {
                    var declared = (long)_payload.WrittenCount + length;
                    _payload.Reset();
                    MySqlThrowHelper.ThrowPacketTooLarge(declared, MaxPayloadBytes);
                }
            }

            var take = (int)Math.Min(buffer.Length, _chunkRemaining);
            if (keep)
            {
                _payload.Write(buffer.Slice(0, take));
            }

            buffer = buffer.Slice(take);
            _chunkRemaining -= take;
            if (_chunkRemaining > 0)
            {
                return false;
            }

            _inChunk = false;
            if (_lastChunk)
            {
                return true;
            }
        }
    }
}
