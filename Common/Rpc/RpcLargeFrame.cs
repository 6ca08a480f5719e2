using System.Buffers;

namespace OceanClassic.Common.Rpc;

// Collects one big frame outside the transport pipe. A pipe pauses its producer once too many bytes
// sit unconsumed, and a partial frame is never consumed, so frames larger than the transport's
// buffer limit (Kestrel: 1 MiB) would otherwise stall forever. Up to PooledLimit the buffer comes from
// the shared pool; a bigger one is a plain array the GC takes back once the frame is handled (the
// shared pool keeps whatever it is given, so eight 60 MiB frames would stay resident for good).
internal sealed class RpcLargeFrame : IDisposable
{
    private const int PooledLimit = 1024 * 1024;

    private byte[]? _buffer;
    private readonly int _size;
    private int _filled;

    public RpcLargeFrame(int size)
    {
        _size = size;
        _buffer = size <= PooledLimit ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);
    }

    public ReadOnlySequence<byte> Frame => new(_buffer ?? throw new ObjectDisposedException(nameof(RpcLargeFrame)), 0, _size);

    // Moves bytes from `input` into the frame; true once the whole frame is here.
    public bool Fill(ref ReadOnlySequence<byte> input)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(RpcLargeFrame));
        int take = (int)Math.Min(_size - _filled, input.Length);
        input.Slice(0, take).CopyTo(buffer.AsSpan(_filled));
        input = input.Slice(take);
        _filled += take;
        return _filled == _size;
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            if (_size <= PooledLimit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
